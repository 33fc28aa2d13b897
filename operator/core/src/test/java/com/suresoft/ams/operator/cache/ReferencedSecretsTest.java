package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.testing.TestClock;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Secrets an instance names but the operator does not write: read by name, kept as key names,
 * looked up again while missing, when the spec changes, and after their maximum age.
 */
class ReferencedSecretsTest {
  private static final ResourceID INSTANCE = new ResourceID("ams", "ams");
  private static final Duration MAX_AGE = Duration.ofMinutes(1);

  private EmbeddedApiServer server;
  private KubernetesClient user;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private ReferencedSecrets secrets;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    user = server.client("kubectl");
    secrets = new ReferencedSecrets(server.client("ams-operator"), clock, MAX_AGE);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void create(String name, String... keys) {
    var builder =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace("ams").endMetadata();
    for (String key : keys) {
      builder.addToStringData(key, "value-of-" + key);
    }
    user.resource(builder.build()).createOr(r -> r.update());
  }

  private long gets(String name) {
    return server.requestLog().requests().stream()
        .filter(r -> "ams-operator".equals(r.actor()))
        .filter(r -> r.method().equals("GET"))
        .filter(r -> r.path().equals("/api/v1/namespaces/ams/secrets/" + name))
        .count();
  }

  @Test
  void aMissingSecretIsLookedUpEachTimeUntilItAppears() {
    assertThat(secrets.keys(INSTANCE, 1L, Set.of("my-db"))).isEmpty();
    assertThat(secrets.keys(INSTANCE, 1L, Set.of("my-db"))).isEmpty();
    assertThat(gets("my-db")).isEqualTo(2);

    create("my-db", "database-url");
    assertThat(secrets.keys(INSTANCE, 1L, Set.of("my-db")))
        .isEqualTo(Map.of("my-db", Set.of("database-url")));
  }

  @Test
  void aSecretThatIsThereIsReadAgainOnlyAfterASpecChangeOrItsMaximumAge() {
    create("my-db", "database-url");
    secrets.keys(INSTANCE, 1L, Set.of("my-db"));
    create("my-db", "other");
    // From memory: no GET, the keys as first read.
    assertThat(secrets.keys(INSTANCE, 1L, Set.of("my-db")))
        .isEqualTo(Map.of("my-db", Set.of("database-url")));
    assertThat(gets("my-db")).isEqualTo(1);

    assertThat(secrets.keys(INSTANCE, 2L, Set.of("my-db")))
        .as("a new generation of the spec")
        .isEqualTo(Map.of("my-db", Set.of("other")));
    assertThat(gets("my-db")).isEqualTo(2);

    create("my-db", "third");
    clock.advance(MAX_AGE);
    assertThat(secrets.keys(INSTANCE, 2L, Set.of("my-db")))
        .isEqualTo(Map.of("my-db", Set.of("third")));
  }

  @Test
  void onlyTheNamedSecretsAreReadAndGoneInstancesAreForgotten() {
    create("my-db", "database-url");
    create("unrelated", "password");
    secrets.keys(INSTANCE, 1L, Set.of("my-db"));
    assertThat(gets("unrelated")).isZero();

    secrets.forget(INSTANCE); // as InstanceCaches forgets a gone instance
    secrets.keys(INSTANCE, 1L, Set.of("my-db"));
    assertThat(gets("my-db")).as("read again: the instance was forgotten").isEqualTo(2);
  }
}
