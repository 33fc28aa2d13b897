package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.app.AppDeployments;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** ExternalSecret, secret digests in pod templates, and JWT rotation, as pure functions. */
class SecretsHardeningTest {
  private static final String ESO =
      """
      tier: Production
      version: "1.0.0"
      secrets:
        provider: ExternalSecrets
        externalSecrets:
          secretStoreRef:
            name: vault-backend
      """;

  private final InstanceModel production = InstanceModel.of(TestInstances.sample("production"));

  private static Map<String, String> data() {
    var d = new TreeMap<String, String>();
    for (String k : SecretKeys.GENERATED) {
      d.put(k, "v-" + k);
    }
    d.put(SecretKeys.DATABASE_URL, "postgresql://ams:p@db:5432/ams");
    d.put(SecretKeys.REDIS_URL, "redis://:r@redis:6379");
    return d;
  }

  private Map<String, String> digests(Map<String, String> secretData) {
    var result = new TreeMap<String, String>();
    AppDeployments.desired(
            production, ReleasePlanner.steady(production, Slot.blue).appTier(), secretData)
        .forEach(
            (name, d) -> {
              var annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
              result.put(
                  name,
                  annotations == null
                      ? "none"
                      : annotations.getOrDefault(SecretRollout.ANNOTATION, "none"));
            });
    return result;
  }

  @Test
  void aRotatedKeyRollsExactlyThePodsThatUseIt() {
    var before = digests(data());
    assertThat(before.get("ams-web-blue")).as("web reads no secret").isEqualTo("none");
    assertThat(before.get("ams-api-blue")).isNotEqualTo("none");
    assertThat(before.get("ams-worker-blue")).isNotEqualTo("none");

    var jwt = data();
    jwt.put(SecretKeys.JWT_ACCESS_SECRET, "rotated");
    var afterJwt = digests(jwt);
    assertThat(afterJwt.get("ams-api-blue")).isNotEqualTo(before.get("ams-api-blue"));
    assertThat(afterJwt.get("ams-worker-blue")).isEqualTo(before.get("ams-worker-blue"));
    assertThat(afterJwt.get("ams-web-blue")).isEqualTo("none");

    var db = data();
    db.put(SecretKeys.DATABASE_URL, "postgresql://ams:new@db:5432/ams");
    var afterDb = digests(db);
    assertThat(afterDb.get("ams-api-blue")).isNotEqualTo(before.get("ams-api-blue"));
    assertThat(afterDb.get("ams-worker-blue")).isNotEqualTo(before.get("ams-worker-blue"));

    // Only PostgreSQL itself reads the replication password.
    var unused = data();
    unused.put(SecretKeys.POSTGRES_REPLICATION_PASSWORD, "rotated");
    assertThat(digests(unused)).isEqualTo(before);
  }

  @Test
  void theDigestRevealsNoValueAndChangesWhenAKeyAppears() {
    var digest = digests(data()).get("ams-api-blue");
    assertThat(digest).hasSize(32).doesNotContain("v-jwt");
    var missing = data();
    missing.remove(SecretKeys.JWT_REFRESH_SECRET);
    assertThat(digests(missing).get("ams-api-blue")).isNotEqualTo(digest);
  }

  @Test
  void externalSecretFillsTheSecretFromTheStoreUnderThePrefix() {
    var m = InstanceModel.of(TestInstances.withSpec("ams", ESO));
    GenericKubernetesResource es =
        ExternalSecrets.desired(m, "external-secrets.io/v1").orElseThrow();
    assertThat(es.getApiVersion()).isEqualTo("external-secrets.io/v1");
    // An older ESO serving only v1beta1 gets the same object in that version: the schema of the
    // fields written here did not change between the two.
    var older = ExternalSecrets.desired(m, "external-secrets.io/v1beta1").orElseThrow();
    assertThat(older.getApiVersion()).isEqualTo("external-secrets.io/v1beta1");
    assertThat(older.getAdditionalProperties()).isEqualTo(es.getAdditionalProperties());
    assertThat(es.getKind()).isEqualTo("ExternalSecret");
    assertThat(es.getMetadata().getName()).isEqualTo("ams-secrets");
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) es.getAdditionalProperties().get("spec");
    assertThat(spec.get("refreshInterval")).isEqualTo("1h");
    assertThat(spec.get("secretStoreRef"))
        .isEqualTo(Map.of("name", "vault-backend", "kind", "SecretStore"));
    @SuppressWarnings("unchecked")
    var target = (Map<String, Object>) spec.get("target");
    assertThat(target)
        .containsEntry("name", "ams-secrets")
        .containsEntry("creationPolicy", "Orphan");
    assertThat(target.get("template").toString())
        .contains(
            "app.kubernetes.io/component=secrets", "app.kubernetes.io/managed-by=ams-operator");
    @SuppressWarnings("unchecked")
    var data = (List<Map<String, Object>>) spec.get("data");
    assertThat(data)
        .contains(
            Map.of(
                "secretKey",
                "database-url",
                "remoteRef",
                Map.of("key", "ams/production/database-url")),
            Map.of(
                "secretKey",
                "jwt-access-secret",
                "remoteRef",
                Map.of("key", "ams/production/jwt-access-secret")));
    assertThat(data)
        .extracting(d -> d.get("secretKey"))
        .contains("redis-url", "jwt-refresh-secret", "postgres-password");
  }

  @Test
  void withExternalSecretsRenderEmitsTheExternalSecretAndNoSecret() {
    var m = InstanceModel.of(TestInstances.withSpec("ams", ESO));
    var objects = Stack.objects(m, ReleasePlanner.steady(m, Slot.blue), Map.of(), k -> "x");
    assertThat(objects).noneMatch(o -> o instanceof Secret);
    // Rendered offline in the newest version the operator writes.
    assertThat(objects)
        .filteredOn(o -> "ExternalSecret".equals(o.getKind()))
        .singleElement()
        .satisfies(o -> assertThat(o.getApiVersion()).isEqualTo("external-secrets.io/v1"));
    assertThat(objects)
        .filteredOn(
            o ->
                o instanceof Deployment
                    && "app".equals(o.getMetadata().getLabels().get(Labels.TIER)))
        .hasSize(3);
    assertThat(ExternalSecrets.desired(production, "external-secrets.io/v1")).isEmpty();
  }

  @Test
  void aRotationTokenActsOnceAndForgetsOnlyTheJwtSecrets() {
    var annotations = Map.of(JwtRotation.ANNOTATION, "t1");
    assertThat(JwtRotation.pending(annotations, null)).contains("t1");
    assertThat(JwtRotation.pending(annotations, Map.of("rotate-jwt", "t0"))).contains("t1");
    assertThat(JwtRotation.pending(annotations, Map.of("rotate-jwt", "t1"))).isEmpty();
    assertThat(JwtRotation.pending(Map.of(), Map.of())).isEmpty();
    assertThat(JwtRotation.handled(Map.of("other", "x"), "t1"))
        .isEqualTo(Map.of("other", "x", "rotate-jwt", "t1"));
    var rest = JwtRotation.forget(data());
    assertThat(rest)
        .doesNotContainKeys(SecretKeys.JWT_ACCESS_SECRET, SecretKeys.JWT_REFRESH_SECRET)
        .containsEntry(SecretKeys.POSTGRES_PASSWORD, "v-postgres-password")
        .containsKey(SecretKeys.REDIS_PASSWORD);
  }
}
