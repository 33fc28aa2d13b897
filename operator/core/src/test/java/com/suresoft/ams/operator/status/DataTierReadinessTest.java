package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataTierReadinessTest {

  private static InstanceModel model(String spec) {
    return InstanceModel.of(TestInstances.withSpec("ams", spec));
  }

  private static final InstanceModel PRODUCTION =
      InstanceModel.of(TestInstances.sample("production"));

  /** The data StatefulSets and Deployments as the builders make them, with {@code ready} pods. */
  private static DataTierReadiness.Facts facts(InstanceModel m, int readyPostgres) {
    var sts =
        DataTier.statefulSets(m, DataTierInputs.fresh()).values().stream()
            .peek(s -> s.getMetadata().setGeneration(1L))
            .peek(
                s ->
                    s.setStatus(
                        new StatefulSetStatusBuilder()
                            .withObservedGeneration(1L)
                            .withReadyReplicas(
                                s.getMetadata().getName().endsWith("-postgres")
                                    ? readyPostgres
                                    : s.getSpec().getReplicas())
                            .withUpdatedReplicas(s.getSpec().getReplicas())
                            .build()))
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
    var deployments =
        DataTier.deployments(m).values().stream()
            .peek(d -> d.getMetadata().setGeneration(1L))
            .peek(
                d ->
                    d.setStatus(
                        new DeploymentStatusBuilder()
                            .withObservedGeneration(1L)
                            .withReadyReplicas(d.getSpec().getReplicas())
                            .withUpdatedReplicas(d.getSpec().getReplicas())
                            .build()))
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
    return new DataTierReadiness.Facts(sts, deployments, Map.of(), false, Optional.empty());
  }

  @Test
  void readyOnlyWhenEveryDataWorkloadIs() {
    var waiting = DataTierReadiness.evaluate(PRODUCTION, facts(PRODUCTION, 2));
    assertThat(waiting.ready()).isFalse();
    assertThat(waiting.components().get(Component.POSTGRES).readiness().summary()).isEqualTo("2/3");
    assertThat(waiting.waitingFor()).isEqualTo("postgres 2/3");
    assertThat(waiting.components().keySet())
        .containsExactly(Component.POSTGRES, Component.PGBOUNCER, Component.REDIS, Component.MINIO);

    var ready = DataTierReadiness.evaluate(PRODUCTION, facts(PRODUCTION, 3));
    assertThat(ready.ready()).isTrue();
    assertThat(ready.components().get(Component.POSTGRES).version()).isEqualTo("15-alpine");
    assertThat(waiting.missesAWorkload()).isFalse();
  }

  @Test
  void missingWorkloadsAreNotReady() {
    var r =
        DataTierReadiness.evaluate(
            PRODUCTION,
            new DataTierReadiness.Facts(Map.of(), Map.of(), Map.of(), false, Optional.empty()));
    assertThat(r.ready()).isFalse();
    assertThat(r.components().get(Component.POSTGRES).readiness().summary()).isEqualTo("0/3");
    assertThat(r.missesAWorkload()).isTrue();
  }

  @Test
  void externalModeWaitsForTheUsersSecretAndItsKey() {
    var m =
        model(
            "tier: Development\nversion: \"1\"\ndatabase:\n  mode: External\n"
                + "  externalSecretName: my-db\n");
    var base = facts(m, 0);
    var none = DataTierReadiness.evaluate(m, base);
    assertThat(none.ready()).isFalse();
    assertThat(none.components()).doesNotContainKey(Component.POSTGRES);
    assertThat(none.issues())
        .containsExactly(
            new DataIssue(
                "ExternalSecretMissing",
                "Secret my-db (spec.database.externalSecretName) not found"));

    var wrongKey = withSecret(base, secret("my-db", "url"));
    assertThat(DataTierReadiness.evaluate(m, wrongKey).issues().get(0).message())
        .isEqualTo("Secret my-db (spec.database.externalSecretName) has no key database-url");

    var good = withSecret(base, secret("my-db", "database-url"));
    assertThat(DataTierReadiness.evaluate(m, good).ready()).isTrue();
  }

  @Test
  void externalObjectStorageNeedsEndpointAndKeys() {
    var m =
        model(
            "tier: Development\nversion: \"1\"\nobjectStorage:\n  mode: External\n"
                + "  externalSecretName: my-s3\n");
    var partial = withSecret(facts(m, 1), secret("my-s3", "endpoint"));
    var r = DataTierReadiness.evaluate(m, partial);
    assertThat(r.ready()).isFalse();
    assertThat(r.issues().get(0).message()).endsWith("has no key access-key, secret-key");
    assertThat(r.components()).doesNotContainKey(Component.MINIO);
  }

  @Test
  void cloudNativePgWithoutItsCrdIsAnIssueNotACrash() {
    var m = model("tier: Development\nversion: \"1\"\ndatabase:\n  mode: CloudNativePG\n");
    var r = DataTierReadiness.evaluate(m, facts(m, 0));
    assertThat(r.ready()).isFalse();
    assertThat(r.issues())
        .extracting(DataIssue::reason)
        .containsExactly("CloudNativePGNotInstalled");
    assertThat(r.issues().get(0).message()).contains("clusters.postgresql.cnpg.io");
  }

  @Test
  void cloudNativePgIsReadyWhenItsClusterAndAppSecretAre() {
    var m = model("tier: Development\nversion: \"1\"\ndatabase:\n  mode: CloudNativePG\n");
    var base = facts(m, 0);
    var cluster =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("postgresql.cnpg.io/v1")
            .withKind("Cluster")
            .withNewMetadata()
            .withName("ams-postgres")
            .endMetadata()
            .withAdditionalProperties(Map.of("status", Map.of("readyInstances", 1)))
            .build();
    var installed =
        new DataTierReadiness.Facts(
            base.statefulSets(), base.deployments(), Map.of(), true, Optional.of(cluster));
    var noSecret = DataTierReadiness.evaluate(m, installed);
    assertThat(noSecret.ready()).isFalse();
    assertThat(noSecret.issues()).isEmpty();

    var withSecret = withSecret(installed, secret("ams-postgres-app", "uri"));
    var r = DataTierReadiness.evaluate(m, withSecret);
    assertThat(r.components().get(Component.POSTGRES).readiness().summary()).isEqualTo("1/1");
    assertThat(r.ready()).isTrue();
  }

  private static DataTierReadiness.Facts withSecret(DataTierReadiness.Facts f, Secret s) {
    // The operator keeps a referenced Secret's key names only (ReferencedSecrets).
    var secrets = new HashMap<>(f.secrets());
    secrets.put(s.getMetadata().getName(), Set.copyOf(s.getData().keySet()));
    return new DataTierReadiness.Facts(
        f.statefulSets(), f.deployments(), secrets, f.cnpgInstalled(), f.cnpgCluster());
  }

  private static Secret secret(String name, String key) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData(key, "eA==")
        .build();
  }
}
