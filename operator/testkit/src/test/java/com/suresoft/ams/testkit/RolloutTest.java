package com.suresoft.ams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A Deployment rolls to a new template as the Deployment controller does: within {@code maxSurge}
 * and {@code maxUnavailable}, through the intermediate states a real one reports.
 */
class RolloutTest extends SimulatedClusterTest {

  private static final Duration STEP = Duration.ofMillis(150);
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** What a rollout step shows in the status. */
  record Step(
      long observedGeneration,
      int replicas,
      int updated,
      int ready,
      int available,
      int unavailable,
      String progressing) {
    static Step of(Deployment d) {
      DeploymentStatus s = Objects.requireNonNullElseGet(d.getStatus(), DeploymentStatus::new);
      return new Step(
          Objects.requireNonNullElse(s.getObservedGeneration(), 0L),
          Objects.requireNonNullElse(s.getReplicas(), 0),
          Objects.requireNonNullElse(s.getUpdatedReplicas(), 0),
          Objects.requireNonNullElse(s.getReadyReplicas(), 0),
          Objects.requireNonNullElse(s.getAvailableReplicas(), 0),
          Objects.requireNonNullElse(s.getUnavailableReplicas(), 0),
          s.getConditions() == null
              ? null
              : s.getConditions().stream()
                  .filter(c -> "Progressing".equals(c.getType()))
                  .map(DeploymentCondition::getReason)
                  .findFirst()
                  .orElse(null));
    }
  }

  @Test
  void theDefaultQuarterSurgeAndQuarterUnavailableRollFourPodsTwoAtATime() {
    client.resource(Fixtures.deployment("web", 4)).create();
    simulator.awaitIdle();
    simulator.readiness(Fixtures.NAMESPACE, "web", PodReadiness.oneByOne(STEP));

    try (History<Deployment> history = new History<>(web())) {
      web().edit(d -> withImage(d, "registry.example/ams/web:2.0"));
      Step done = new Step(2, 4, 4, 4, 4, 0, "NewReplicaSetAvailable");
      await().atMost(WAIT).until(() -> Step.of(web().get()).equals(done));

      // 25 % of 4: one pod above and one below the count. An old pod goes at once (3 ready is
      // enough) and two new ones start; then each ready new pod lets an old one go.
      assertThat(
              history.changesUntil(Step::of, done).stream()
                  .filter(s -> s.observedGeneration() == 2)
                  .toList())
          .containsExactly(
              new Step(2, 5, 2, 3, 3, 2, "ReplicaSetUpdated"),
              new Step(2, 5, 3, 3, 3, 2, "ReplicaSetUpdated"),
              new Step(2, 5, 4, 3, 3, 2, "ReplicaSetUpdated"),
              new Step(2, 4, 4, 3, 3, 1, "ReplicaSetUpdated"),
              done);
    }
  }

  @Test
  void maxUnavailableZeroKeepsEveryOldPodUntilANewOneIsReady() {
    Deployment web = Fixtures.deployment("web", 2);
    web.getSpec()
        .setStrategy(
            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1))
                .withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate()
                .build());
    client.resource(web).create();
    simulator.awaitIdle();
    simulator.readiness(Fixtures.NAMESPACE, "web", PodReadiness.partly(0));

    web().edit(d -> withImage(d, "registry.example/ams/web:2.0"));
    simulator.awaitIdle();

    assertThat(Step.of(web().get())).isEqualTo(new Step(2, 3, 1, 2, 2, 1, "ReplicaSetUpdated"));
  }

  @Test
  void recreateStopsEveryOldPodBeforeTheNewOnesStart() {
    Deployment web = Fixtures.deployment("web", 3);
    web.getSpec()
        .setStrategy(
            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("Recreate")
                .build());
    client.resource(web).create();
    simulator.awaitIdle();
    simulator.readiness(Fixtures.NAMESPACE, "web", PodReadiness.partly(0));

    web().edit(d -> withImage(d, "registry.example/ams/web:2.0"));
    simulator.awaitIdle();

    assertThat(Step.of(web().get())).isEqualTo(new Step(2, 3, 3, 0, 0, 3, "ReplicaSetUpdated"));
  }

  private RollableScalableResource<Deployment> web() {
    return client.apps().deployments().inNamespace(Fixtures.NAMESPACE).withName("web");
  }

  private static Deployment withImage(Deployment d, String image) {
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    return d;
  }
}
