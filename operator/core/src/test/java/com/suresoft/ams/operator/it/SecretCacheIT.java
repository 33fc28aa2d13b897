package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.ResourcePath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only Secrets the operator labels enter its memory, proven from what it asked the API server: each
 * list and watch of Secrets it sends carries its label selector (the server answers those with
 * labelled Secrets only, which this test checks too), and the one Secret it reads by name is the
 * one an instance names. An unlabelled Secret in another namespace, and one in the instance's
 * namespace that nothing names, are never sent to it.
 */
class SecretCacheIT {
  private static final String NS = OperatorHarness.NAMESPACE;
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String SELECTOR = "app.kubernetes.io/managed-by=ams-operator";

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private void secret(String namespace, String name, String key) {
    harness
        .user()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData(key, "x".repeat(64))
                .build())
        .create();
  }

  @Test
  void unlabelledSecretsNeverReachTheOperator() {
    secret("elsewhere", "foreign", "password");
    secret(NS, "unrelated", "password");
    secret(NS, "my-db", "database-url");
    harness.create(
        TestInstances.withSpec(
            "ams",
            "tier: Development\nversion: \"1.0.0\"\n"
                + "database:\n  mode: External\n  externalSecretName: my-db\n"));
    harness.awaitPhase("ams", Phase.Ready);
    // Long enough for reconciliations after Ready (the harness resyncs every 250 ms).
    harness.awaitReconciles(4);

    var secretRequests =
        // Since the operator started: its informers list and watch at start-up.
        harness.server().requestLog().requests().stream()
            .filter(r -> OperatorHarness.OPERATOR.equals(r.actor()))
            .filter(r -> r.resource().equals("/secrets"))
            .toList();
    var collections = secretRequests.stream().filter(r -> name(r) == null).toList();
    assertThat(collections).as("the operator's informer on Secrets").isNotEmpty();
    assertThat(collections)
        .allSatisfy(
            r ->
                assertThat(query(r).get("labelSelector"))
                    .as("%s", r)
                    .isNotNull()
                    .contains(SELECTOR));
    assertThat(
            secretRequests.stream()
                .filter(r -> "GET".equals(r.method()) && name(r) != null)
                .map(SecretCacheIT::name)
                .distinct()
                .toList())
        .as("Secrets read by name")
        .containsExactly("my-db");
    assertThat(secretRequests).noneMatch(r -> r.path().contains("/namespaces/elsewhere/"));

    // What those requests got back: the API server double applies the selector as a real one does.
    for (var r : collections) {
      var ns = ResourcePath.parse(r.path()).orElseThrow().namespace();
      var listed =
          (ns == null
                  ? harness.user().secrets().inAnyNamespace()
                  : harness.user().secrets().inNamespace(ns))
              .withLabelSelector(query(r).get("labelSelector"))
              .list()
              .getItems();
      assertThat(listed)
          .extracting(s -> s.getMetadata().getName())
          .doesNotContain("foreign", "unrelated", "my-db")
          // The app Secret and the data tier's CA and certificates, each its own informer.
          .isNotEmpty()
          .allSatisfy(name -> assertThat(name).startsWith("ams-"));
    }
    // And the instance still reads the user's Secret it names (status Ready above needs it).
    assertThat(harness.get(Secret.class, "my-db")).isNotNull();
  }

  private static String name(ApiRequest r) {
    return ResourcePath.parse(r.path()).orElseThrow().name();
  }

  private static java.util.Map<String, String> query(ApiRequest r) {
    return ResourcePath.parse(r.path() + "?" + r.query()).orElseThrow().query();
  }
}
