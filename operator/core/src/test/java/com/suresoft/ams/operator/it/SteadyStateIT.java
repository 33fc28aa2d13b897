package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.StorageSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.AppSecret;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After convergence the operator writes nothing, however often it reconciles, and the generated
 * Secret survives reconciles and restarts byte for byte.
 */
class SteadyStateIT {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    // A short resync forces reconciliations without any change in the cluster.
    harness = OperatorHarness.start(Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void twentyReconcilesAfterConvergenceWriteNothing() {
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
    harness.awaitReconciles(2);
    long mark = harness.mark();
    harness.awaitReconciles(20);
    assertThat(harness.operatorWritesSince(mark)).as("writes after convergence").isEmpty();
    assertThat(harness.reconciles().failed()).isZero();
  }

  /**
   * A real API server stores quantities in canonical form ({@code 0.5} as {@code 500m}), so an
   * operator that compares what it wants with what it reads as strings rewrites them forever.
   */
  @Test
  void quantitiesTheServerRewritesInCanonicalFormWriteNothingAfterConvergence() {
    var instance = TestInstances.sample("production");
    instance
        .getSpec()
        .getApi()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("0.25"))
                .addToRequests("memory", new Quantity("0.25Gi"))
                .addToLimits("cpu", new Quantity("1000m"))
                .addToLimits("memory", new Quantity("524288Ki"))
                .build());
    var redisStorage = new StorageSpec();
    redisStorage.setSize("1024Mi");
    instance.getSpec().getRedis().setStorage(redisStorage);
    harness.create(instance);
    harness.awaitPhase("ams", Phase.Ready);
    var api =
        harness
            .get(Deployment.class, "ams-api-blue")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers();
    assertThat(api.get(0).getResources().getLimits().get("cpu").toString()).isEqualTo("1");
    harness.awaitReconciles(2);
    long mark = harness.mark();
    harness.awaitReconciles(10);
    assertThat(harness.operatorWritesSince(mark)).as("writes after convergence").isEmpty();
  }

  @Test
  void secretSurvivesAHundredReconcilesAndARestartByteForByte() {
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
    var original = harness.get(Secret.class, "ams-secrets");
    harness.awaitReconciles(100);
    assertThat(harness.get(Secret.class, "ams-secrets").getData()).isEqualTo(original.getData());
    harness.restartOperator();
    harness.awaitReconciles(5);
    var after = harness.get(Secret.class, "ams-secrets");
    assertThat(after.getData()).isEqualTo(original.getData());
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(original.getMetadata().getResourceVersion());
  }

  @Test
  void aSpecChangeUpdatesDerivedUrlsButNeverThePasswords() {
    harness.create(TestInstances.sample("development"));
    harness.awaitPhase("ams", Phase.Ready);
    var before = AppSecret.decode(harness.get(Secret.class, "ams-secrets"));
    harness.edit(
        "ams",
        i -> {
          var pooler = new com.suresoft.ams.operator.api.v1alpha1.spec.PoolerSpec();
          pooler.setEnabled(true);
          var db = new com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseSpec();
          db.setPooler(pooler);
          i.getSpec().setDatabase(db);
          return i;
        });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        AppSecret.decode(harness.get(Secret.class, "ams-secrets"))
                            .get("database-url"))
                    .contains("@ams-pgbouncer:5432"));
    var after = AppSecret.decode(harness.get(Secret.class, "ams-secrets"));
    assertThat(after.get("postgres-password")).isEqualTo(before.get("postgres-password"));
    assertThat(after.get("jwt-access-secret")).isEqualTo(before.get("jwt-access-secret"));
  }
}
