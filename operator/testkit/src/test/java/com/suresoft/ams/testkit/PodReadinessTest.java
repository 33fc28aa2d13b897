package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Deployments whose pods are slow, capped, lost, crash-looping: what their status shows. */
class PodReadinessTest extends SimulatedClusterTest {

  private static final Duration STEP = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** What a Deployment's status says about its pods, for the current generation or an older. */
  record Pods(long observedGeneration, int replicas, int updated, int ready, int available) {
    static Pods of(Deployment d) {
      DeploymentStatus s = Objects.requireNonNullElseGet(d.getStatus(), DeploymentStatus::new);
      return new Pods(
          Objects.requireNonNullElse(s.getObservedGeneration(), 0L),
          Objects.requireNonNullElse(s.getReplicas(), 0),
          Objects.requireNonNullElse(s.getUpdatedReplicas(), 0),
          Objects.requireNonNullElse(s.getReadyReplicas(), 0),
          Objects.requireNonNullElse(s.getAvailableReplicas(), 0));
    }
  }

  @Test
  void podsBecomeReadyOneByOneEachAnIntervalAfterThePrevious() {
    simulator.readiness(NAMESPACE, "web", PodReadiness.oneByOne(STEP));
    try (History<Deployment> history = new History<>(web())) {
      client.resource(Fixtures.deployment("web", 3)).create();

      awaitReady("web", 3);

      assertThat(history.changesUntil(PodReadinessTest::ready, 3)).containsExactly(0, 1, 2, 3);
      var steps = history.changesWithTimes(PodReadinessTest::ready);
      for (int i = 2; i < steps.size(); i++) {
        assertThat(Duration.between(steps.get(i - 1).at(), steps.get(i).at()))
            .as("pod %d became ready an interval after pod %d", i, i - 1)
            .isGreaterThan(STEP.minusMillis(100));
      }
      // All pods were there from the start; only their readiness took time.
      assertThat(history.changes(d -> Pods.of(d).updated())).containsExactly(0, 3);
    }
  }

  @Test
  void awaitIdleDoesNotWaitForPodsDueLater() {
    simulator.readiness(NAMESPACE, "web", PodReadiness.oneByOne(Duration.ofMinutes(5)));
    client.resource(Fixtures.deployment("web", 2)).create();

    long started = System.nanoTime();
    simulator.awaitIdle();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(1, 2, 2, 0, 0));
    assertThat(condition(deployment("web"), "Available").getStatus()).isEqualTo("False");
    assertThat(condition(deployment("web"), "Progressing").getReason())
        .isEqualTo("ReplicaSetUpdated");
  }

  @Test
  void aNewTemplateRollsPodByPodWhileTheOldPodsKeepServing() {
    client.resource(Fixtures.deployment("web", 3)).create();
    simulator.awaitIdle();
    simulator.readiness(NAMESPACE, "web", PodReadiness.oneByOne(STEP));

    try (History<Deployment> history = new History<>(web())) {
      web().edit(d -> withImage(d, "registry.example/ams/web:2.0"));
      await().atMost(WAIT).until(() -> Pods.of(deployment("web")).equals(new Pods(2, 3, 3, 3, 3)));

      // The default 25 % of 3: maxSurge 1, maxUnavailable 0. One new pod beside the 3 ready old
      // ones; each time one becomes ready, an old pod goes and the next new one starts.
      assertThat(
              history.changesUntil(Pods::of, new Pods(2, 3, 3, 3, 3)).stream()
                  .filter(p -> p.observedGeneration() == 2)
                  .toList())
          .containsExactly(
              new Pods(2, 4, 1, 3, 3),
              new Pods(2, 4, 2, 3, 3),
              new Pods(2, 4, 3, 3, 3),
              new Pods(2, 3, 3, 3, 3));
      assertThat(history.changes(d -> condition(d, "Progressing").getReason()))
          .containsExactly("NewReplicaSetAvailable", "ReplicaSetUpdated", "NewReplicaSetAvailable");
    }
  }

  @Test
  void aScaleUpIsSlowAndAScaleDownImmediate() {
    simulator.defaultReadiness(PodReadiness.oneByOne(STEP));
    client.resource(Fixtures.deployment("web", 1)).create();
    awaitReady("web", 1);

    try (History<Deployment> history = new History<>(web())) {
      web().scale(3);
      awaitReady("web", 3);
      web().scale(1);
      simulator.awaitIdle();

      assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(3, 1, 1, 1, 1));
      assertThat(history.changesUntil(PodReadinessTest::ready, 1)).containsExactly(1, 2, 3, 1);
    }
  }

  @Test
  void aPartlyReadyDeploymentStaysBelowItsCountUntilTheReadinessChanges() {
    simulator.readiness(NAMESPACE, "web", PodReadiness.partly(2));
    client.resource(Fixtures.deployment("web", 4)).create();
    simulator.awaitIdle();

    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> Pods.of(deployment("web")).equals(new Pods(1, 4, 4, 2, 2)));
    assertThat(condition(deployment("web"), "Available").getStatus()).isEqualTo("False");

    simulator.readiness(NAMESPACE, "web", PodReadiness.immediate());
    simulator.awaitIdle();

    assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(1, 4, 4, 4, 4));
  }

  @Test
  void aRolloutWhoseNewPodsAreOnlyPartlyReadyKeepsOldPodsAndNeverCompletes() {
    client.resource(Fixtures.deployment("web", 3)).create();
    simulator.awaitIdle();
    simulator.readiness(NAMESPACE, "web", PodReadiness.partly(1));

    web().edit(d -> withImage(d, "registry.example/ams/web:2.0"));
    simulator.awaitIdle();

    // maxSurge 1, maxUnavailable 0: the first new pod became ready and replaced an old one; the
    // second never does, so the two old pods left keep serving: as many ready as wanted, but not
    // rolled out.
    assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(2, 4, 2, 3, 3));
    assertThat(condition(deployment("web"), "Progressing").getReason())
        .isEqualTo("ReplicaSetUpdated");
  }

  @Test
  void readyPodsMadeUnreadyStayUnreadyUntilTheyRecover() {
    client.resource(Fixtures.deployment("web", 3)).create();
    simulator.awaitIdle();

    try (History<Deployment> history = new History<>(web())) {
      simulator.makeUnready(NAMESPACE, "web", 2);
      simulator.awaitIdle();

      assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(1, 3, 3, 1, 1));
      assertThat(condition(deployment("web"), "Available").getStatus()).isEqualTo("False");
      await()
          .during(Duration.ofMillis(500))
          .atMost(WAIT)
          .until(() -> ready(deployment("web")) == 1);

      simulator.recover(NAMESPACE, "web");
      simulator.awaitIdle();

      assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(1, 3, 3, 3, 3));
      assertThat(history.changesUntil(PodReadinessTest::ready, 3)).containsExactly(3, 1, 3);
    }
  }

  @Test
  void aDeploymentStaysAvailableWhileNoMoreThanMaxUnavailablePodsAreUnready() {
    // 8 replicas: the default maxUnavailable of 25 % tolerates 2 unready pods.
    client.resource(Fixtures.deployment("web", 8)).create();
    simulator.awaitIdle();

    simulator.makeUnready(NAMESPACE, "web", 2);
    simulator.awaitIdle();
    assertThat(ready(deployment("web"))).isEqualTo(6);
    assertThat(condition(deployment("web"), "Available").getStatus()).isEqualTo("True");

    simulator.makeUnready(NAMESPACE, "web", 1);
    simulator.awaitIdle();
    assertThat(ready(deployment("web"))).isEqualTo(5);
    assertThat(condition(deployment("web"), "Available").getStatus()).isEqualTo("False");
  }

  @Test
  void podsMadeUnreadyInTheMiddleOfARampStayOutWhileTheOthersContinue() {
    simulator.readiness(NAMESPACE, "web", PodReadiness.oneByOne(STEP));
    try (History<Deployment> history = new History<>(web())) {
      client.resource(Fixtures.deployment("web", 3)).create();
      awaitReady("web", 2);

      simulator.makeUnready(NAMESPACE, "web", 1);
      await()
          .atMost(WAIT)
          .until(() -> history.changes(PodReadinessTest::ready).equals(List.of(0, 1, 2, 1, 2)));
      await()
          .during(Duration.ofMillis(2 * STEP.toMillis()))
          .atMost(WAIT)
          .until(() -> ready(deployment("web")) == 2);

      simulator.recover(NAMESPACE, "web");
      awaitReady("web", 3);
    }
  }

  @Test
  void recoveredPodsFollowTheReadiness() {
    client.resource(Fixtures.deployment("web", 2)).create();
    simulator.awaitIdle();
    simulator.makeUnready(NAMESPACE, "web", 2);
    simulator.awaitIdle();
    simulator.readiness(NAMESPACE, "web", PodReadiness.oneByOne(STEP));

    try (History<Deployment> history = new History<>(web())) {
      simulator.recover(NAMESPACE, "web");
      awaitReady("web", 2);

      assertThat(history.changesUntil(PodReadinessTest::ready, 2)).containsExactly(0, 1, 2);
    }
  }

  @Test
  void aCrashLoopingDeploymentNeverBecomesReadyUntilItRecovers() {
    simulator.crashLoop(NAMESPACE, "web");
    client.resource(Fixtures.deployment("web", 2)).create();
    simulator.awaitIdle();

    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> Pods.of(deployment("web")).equals(new Pods(1, 2, 2, 0, 0)));
    assertThat(deployment("web").getStatus().getUnavailableReplicas()).isEqualTo(2);

    simulator.recover(NAMESPACE, "web");
    simulator.awaitIdle();

    assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(1, 2, 2, 2, 2));
  }

  @Test
  void aCrashLoopingNewTemplateLeavesTheOldPodsServingAndARollbackFindsThemReady() {
    client.resource(Fixtures.deployment("web", 2)).create();
    simulator.awaitIdle();
    simulator.crashLoop(NAMESPACE, "web");

    web().edit(d -> withImage(d, "registry.example/ams/web:broken"));
    simulator.awaitIdle();

    // maxSurge 1 (25 % of 2, rounded up), maxUnavailable 0: one crashing new pod, no old one goes.
    assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(2, 3, 1, 2, 2));

    web().edit(d -> withImage(d, "registry.example/ams/web:1.0"));
    simulator.awaitIdle();

    assertThat(Pods.of(deployment("web"))).isEqualTo(new Pods(3, 2, 2, 2, 2));
    assertThat(condition(deployment("web"), "Progressing").getReason())
        .isEqualTo("NewReplicaSetAvailable");
  }

  @Test
  void theDefaultReadinessAppliesToDeploymentsWithoutOneOfTheirOwn() {
    simulator.defaultReadiness(PodReadiness.oneByOne(Duration.ofMinutes(5)));
    simulator.readiness(NAMESPACE, "api", PodReadiness.immediate());

    client.resource(Fixtures.deployment("web", 2)).create();
    client.resource(Fixtures.deployment("api", 2)).create();
    simulator.awaitIdle();

    assertThat(ready(deployment("web"))).isZero();
    assertThat(ready(deployment("api"))).isEqualTo(2);
  }

  @Test
  void oneByOneCanBeCapped() {
    simulator.readiness(NAMESPACE, "web", PodReadiness.oneByOne(Duration.ofMillis(100)).atMost(2));
    client.resource(Fixtures.deployment("web", 4)).create();

    awaitReady("web", 2);
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> ready(deployment("web")) == 2);
  }

  private RollableScalableResource<Deployment> web() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName("web");
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private void awaitReady(String name, int ready) {
    await().atMost(WAIT).until(() -> ready(deployment(name)) == ready);
  }

  private static int ready(Deployment d) {
    return Pods.of(d).ready();
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    List<DeploymentCondition> conditions =
        d.getStatus() == null || d.getStatus().getConditions() == null
            ? List.of()
            : d.getStatus().getConditions();
    return conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(new DeploymentCondition());
  }

  private static Deployment withImage(Deployment d, String image) {
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    return d;
  }
}
