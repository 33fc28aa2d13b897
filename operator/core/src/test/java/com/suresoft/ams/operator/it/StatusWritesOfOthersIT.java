package com.suresoft.ams.operator.it;

import static com.suresoft.ams.operator.it.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a cluster, controllers other than the operator rewrite the status of objects it owns: the
 * disruption controller a PodDisruptionBudget's whenever the readiness of its pods changes (every
 * rollout, every scale of an HPA). The controller simulator plays it, but its writes come with the
 * workloads' own status writes, which do bring reconciles; so once the instance is quiet, this test
 * writes the budgets' status alone, as the disruption controller would: the operator reads none of
 * it, and none of those writes may bring a reconcile of the instance; a change to a budget's spec
 * still does, and is undone.
 */
class StatusWritesOfOthersIT {
  private static final String DISRUPTION_CONTROLLER = "disruption-controller";

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    // No resync within the test: every reconcile it counts was brought by an event.
    harness = OperatorHarness.start(Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aDisruptionBudgetsStatusBringsNoReconcileButItsSpecDriftIsUndone() {
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
    harness.awaitNoReconcileFor(Duration.ofSeconds(1));
    long before = harness.reconciles().finished();

    try (var disruption = harness.server().client(DISRUPTION_CONTROLLER)) {
      var budgets =
          disruption.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems();
      assertThat(budgets).hasSizeGreaterThanOrEqualTo(3);
      for (int healthy = 1; healthy <= 3; healthy++) {
        for (var listed : budgets) {
          int currentHealthy = healthy;
          // The simulated disruption controller writes these statuses too.
          OperatorHarness.retryOnConflict(
              () -> {
                var budget =
                    disruption
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(NAMESPACE)
                        .withName(listed.getMetadata().getName())
                        .get();
                budget.setStatus(
                    new PodDisruptionBudgetStatusBuilder()
                        .withObservedGeneration(budget.getMetadata().getGeneration())
                        .withExpectedPods(3)
                        .withCurrentHealthy(currentHealthy)
                        .withDesiredHealthy(1)
                        .withDisruptionsAllowed(currentHealthy - 1)
                        .build());
                return disruption.resource(budget).updateStatus();
              });
        }
      }
      // The operator's informer has every budget as the server holds it: the events of the status
      // writes have come. (It keeps no status of a budget, see LeanStore.WithoutStatus.)
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  budgetsInTheOperatorsCache()
                      .allMatch(
                          b ->
                              b.getMetadata()
                                  .getResourceVersion()
                                  .equals(
                                      disruption
                                          .policy()
                                          .v1()
                                          .podDisruptionBudget()
                                          .inNamespace(NAMESPACE)
                                          .withName(b.getMetadata().getName())
                                          .get()
                                          .getMetadata()
                                          .getResourceVersion())));
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> harness.reconciles().finished() == before);

      var web = budgets.get(0);
      var wanted = web.getSpec();
      String drift =
          wanted.getMinAvailable() != null
              ? "{\"spec\":{\"minAvailable\":0}}"
              : "{\"spec\":{\"maxUnavailable\":\"99%\"}}";
      var drifted =
          harness
              .user()
              .policy()
              .v1()
              .podDisruptionBudget()
              .inNamespace(NAMESPACE)
              .withName(web.getMetadata().getName())
              .patch(PatchContext.of(PatchType.JSON_MERGE), drift);
      assertThat(drifted.getSpec()).isNotEqualTo(wanted);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  wanted.equals(
                      harness
                          .get(PodDisruptionBudget.class, web.getMetadata().getName())
                          .getSpec()));
      assertThat(harness.reconciles().finished()).isGreaterThan(before);
    }
  }

  private Stream<PodDisruptionBudget> budgetsInTheOperatorsCache() {
    return harness.operator().informers().stream()
        .filter(i -> i.configuration().getResourceClass() == PodDisruptionBudget.class)
        .flatMap(i -> i.list(o -> true))
        .map(PodDisruptionBudget.class::cast);
  }
}
