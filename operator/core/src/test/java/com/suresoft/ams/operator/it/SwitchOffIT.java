package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.AppSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a spec change switches off is deleted, of every kind the operator writes; the data (claims)
 * and the Secret are not. (It also gives the RBAC proof its {@code delete} requests.)
 */
class SwitchOffIT {
  private static final Duration WAIT = Duration.ofSeconds(45);

  private static final String STAGING =
      """
      tier: Staging
      version: "1.0.0"
      ingress: {host: ams.staging.example}
      """;

  /** Staging with an external database, no HPAs and another bucket list. */
  private static final String SWITCHED_OFF =
      """
      tier: Staging
      version: "1.0.0"
      ingress: {host: ams.staging.example}
      api: {autoscaling: {enabled: false}}
      worker: {autoscaling: {enabled: false}}
      database: {mode: External, externalSecretName: my-db}
      objectStorage: {buckets: [ams-assets, ams-exports]}
      """;

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void whatTheSpecSwitchesOffIsDeletedAndTheDataIsKept() {
    harness.create(TestInstances.withSpec("ams", STAGING));
    harness.awaitPhase("ams", Phase.Ready);
    var buckets = bucketJob();
    Map<Class<? extends HasMetadata>, List<String>> switchedOff =
        Map.of(
            StatefulSet.class, List.of("ams-postgres"),
            Deployment.class, List.of("ams-pgbouncer"),
            Service.class, List.of("ams-postgres-rw", "ams-postgres-ro", "ams-pgbouncer"),
            ConfigMap.class, List.of("ams-postgres-config", "ams-pgbouncer-config"),
            CronJob.class, List.of("ams-postgres-backup"),
            HorizontalPodAutoscaler.class, List.of("ams-api-hpa", "ams-worker-hpa"),
            NetworkPolicy.class, List.of("ams-postgres-netpol", "ams-pgbouncer-netpol"),
            PodDisruptionBudget.class, List.of("ams-postgres-pdb"),
            Job.class, List.of(buckets));
    switchedOff.forEach(
        (kind, names) ->
            names.forEach(n -> assertThat(harness.get(kind, n)).as("%s before", n).isNotNull()));
    var secret = AppSecret.decode(harness.get(Secret.class, "ams-secrets"));

    harness
        .user()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("my-db")
                .withNamespace(OperatorHarness.NAMESPACE)
                .endMetadata()
                .addToStringData("database-url", "postgresql://u:p@db.example:5432/ams")
                .build())
        .create();
    harness.edit(
        "ams",
        i -> {
          i.setSpec(TestInstances.withSpec("ams", SWITCHED_OFF).getSpec());
          return i;
        });

    harness.awaitPhase("ams", Phase.Ready);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                switchedOff.forEach(
                    (kind, names) ->
                        names.forEach(
                            n -> assertThat(harness.get(kind, n)).as("%s after", n).isNull())));
    assertThat(bucketJob()).isNotEqualTo(buckets);
    // Data is never deleted implicitly: the database's claim stays, and so does every password of
    // the Secret (database-url now comes from the user's Secret; it is derived, not generated).
    assertThat(harness.get(PersistentVolumeClaim.class, "data-ams-postgres-0")).isNotNull();
    var after = AppSecret.decode(harness.get(Secret.class, "ams-secrets"));
    for (var key : secret.keySet()) {
      if (!key.equals("database-url")) {
        // Compared as booleans so that a failure prints no secret value.
        assertThat(secret.get(key).equals(after.get(key))).as(key + " kept").isTrue();
      }
    }
  }

  private String bucketJob() {
    return harness
        .user()
        .batch()
        .v1()
        .jobs()
        .inNamespace(OperatorHarness.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .map(j -> j.getMetadata().getName())
        .filter(n -> n.startsWith("ams-minio-buckets-"))
        .findFirst()
        .orElseThrow();
  }
}
