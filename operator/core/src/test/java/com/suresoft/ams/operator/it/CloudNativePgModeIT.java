package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.PoolerSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the CloudNativePG objects do when the spec moves: the Pooler goes with the pooler (it is
 * stateless and the instance's), the Cluster stays when the instance leaves CloudNativePG mode
 * (CNPG would delete its volumes with it, and data is never deleted implicitly). Both are decided
 * by reconcile preconditions, not by activation conditions, which JOSDK applies to the dependent's
 * informer for every instance at once (RenderMatchesApplyIT runs the mixed fleet).
 */
class CloudNativePgModeIT {
  private static final Duration WITHIN = Duration.ofMinutes(2);
  private static final String NS = OperatorHarness.NAMESPACE;

  @Test
  void thePoolerGoesWithThePoolerAndTheClusterStaysWhenTheModeChanges() {
    try (var harness =
        OperatorHarness.start(
            Duration.ofMillis(250), s -> s.platform(TestPlatforms.CHART_DEFAULTS))) {
      harness
          .server()
          .installCrd(
              EmbeddedApiServer.minimalCrd("postgresql.cnpg.io", "v1", "Cluster", "clusters"));
      harness
          .server()
          .installCrd(
              EmbeddedApiServer.minimalCrd("postgresql.cnpg.io", "v1", "Pooler", "poolers"));
      var clusters =
          harness.user().genericKubernetesResources(CloudNativePgStandIn.CLUSTERS).inNamespace(NS);
      var poolers =
          harness.user().genericKubernetesResources(CloudNativePgStandIn.POOLERS).inNamespace(NS);

      CloudNativePgStandIn.writeAppSecret(harness.user(), NS);
      harness.create(TestInstances.sample("production-cloudnativepg"));
      CloudNativePgStandIn.reportClusterReady(harness.user(), NS, WITHIN);
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  harness.instance("ams").getStatus() != null
                      && harness.instance("ams").getStatus().getPhase() == Phase.Ready);
      assertThat(poolers.withName("ams-pgbouncer").get()).as("the Pooler").isNotNull();

      harness.edit(
          "ams",
          i -> {
            var pooler = new PoolerSpec();
            pooler.setEnabled(false);
            i.getSpec().getDatabase().setPooler(pooler);
            return i;
          });
      await().atMost(WITHIN).until(() -> poolers.withName("ams-pgbouncer").get() == null);
      assertThat(clusters.withName("ams-postgres").get()).as("the Cluster").isNotNull();

      harness.edit(
          "ams",
          i -> {
            i.getSpec().getDatabase().setMode(DatabaseMode.Managed);
            return i;
          });
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  harness
                          .user()
                          .resources(StatefulSet.class)
                          .inNamespace(NS)
                          .withName("ams-postgres")
                          .get()
                      != null);
      harness.awaitOperatorQuiet(Duration.ofSeconds(1));
      assertThat(clusters.withName("ams-postgres").get())
          .as("the Cluster, and with it its volumes, after the instance left CloudNativePG mode")
          .isNotNull();
    }
  }
}
