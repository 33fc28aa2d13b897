package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HPA simulation: bounds, load, a target at zero, a moved target. */
class AutoscalerSimulationTest extends SimulatedClusterTest {

  @Test
  void aCountAboveTheMaximumIsLoweredToIt() {
    client.resource(autoscaler("hpa", "web", 2, 5)).create();
    client.resource(Fixtures.deployment("web", 8)).create();

    simulator.awaitIdle();

    assertThat(replicas("web")).isEqualTo(5);
    assertThat(status("hpa")).containsExactly(5, 5);
    assertThat(
            ServerSideApplyTest.fieldsOf(
                deployment("web"), ControllerSimulator.HPA_ACTOR, "Update"))
        .containsKey("f:spec");
  }

  @Test
  void aCountSetBelowTheMinimumLaterIsRaisedToIt() {
    client.resource(autoscaler("hpa", "web", 2, 5)).create();
    client.resource(Fixtures.deployment("web", 3)).create();
    simulator.awaitIdle();

    client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale(1);
    simulator.awaitIdle();

    assertThat(replicas("web")).isEqualTo(2);
    assertThat(status("hpa")).containsExactly(2, 2);
  }

  @Test
  void withoutLoadACountWithinTheBoundsIsLeftAlone() {
    client.resource(autoscaler("hpa", "web", 2, 5)).create();
    long mark = server.requestLog().mark();
    client.resource(Fixtures.deployment("web", 3)).create();

    simulator.awaitIdle();

    assertThat(replicas("web")).isEqualTo(3);
    assertThat(status("hpa")).containsExactly(3, 3);
    assertThat(server.requestLog().writesSince(mark, ControllerSimulator.HPA_ACTOR::equals))
        .extracting(ApiRequest::path)
        .noneMatch(path -> path.endsWith("/deployments/web"));
  }

  @Test
  void theLoadScalesTheTargetWithinTheBounds() {
    client.resource(autoscaler("hpa", "web", 2, 5)).create();
    client.resource(Fixtures.deployment("web", 2)).create();
    simulator.awaitIdle();

    simulator.setAutoscalerLoad(NAMESPACE, "hpa", 4);
    simulator.awaitIdle();
    assertThat(replicas("web")).isEqualTo(4);
    assertThat(status("hpa")).containsExactly(4, 4);
    assertThat(deployment("web").getStatus().getReadyReplicas()).isEqualTo(4);

    simulator.setAutoscalerLoad(NAMESPACE, "hpa", 9);
    simulator.awaitIdle();
    assertThat(replicas("web")).isEqualTo(5);

    simulator.setAutoscalerLoad(NAMESPACE, "hpa", 0);
    simulator.awaitIdle();
    assertThat(replicas("web")).isEqualTo(2);
    assertThat(status("hpa")).containsExactly(2, 2);
  }

  @Test
  void theHpaReportsWhatItFoundAndWhatItWants() {
    client.resource(autoscaler("hpa", "web", 1, 5)).create();
    client.resource(Fixtures.deployment("web", 1)).create();
    simulator.awaitIdle();

    try (History<HorizontalPodAutoscaler> history =
        new History<>(
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NAMESPACE)
                .withName("hpa"))) {
      simulator.setAutoscalerLoad(NAMESPACE, "hpa", 3);
      simulator.awaitIdle();

      // Like the real controller: the count it found when it decided, then the count it made.
      assertThat(history.changesUntil(AutoscalerSimulationTest::statusOf, List.of(3, 3)))
          .containsExactly(List.of(1, 1), List.of(1, 3), List.of(3, 3));
      assertThat(hpa("hpa").getStatus().getLastScaleTime()).isNotNull();
    }
  }

  @Test
  void aTargetAtZeroIsNeverScaled() {
    client.resource(autoscaler("hpa", "web", 2, 5)).create();
    client.resource(Fixtures.deployment("web", 0)).create();
    simulator.setAutoscalerLoad(NAMESPACE, "hpa", 4);

    simulator.awaitIdle();

    assertThat(replicas("web")).isZero();
    assertThat(status("hpa")).containsExactly(0, 0);
  }

  @Test
  void aMovedTargetIsScaledAndTheOldOneKeepsItsCount() {
    client.resource(Fixtures.deployment("web-blue", 3)).create();
    client.resource(Fixtures.deployment("web-green", 1)).create();
    client.resource(autoscaler("hpa", "web-blue", 2, 5)).create();
    simulator.setAutoscalerLoad(NAMESPACE, "hpa", 4);
    simulator.awaitIdle();
    assertThat(replicas("web-blue")).isEqualTo(4);

    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NAMESPACE)
        .withName("hpa")
        .edit(
            h -> {
              h.getSpec().getScaleTargetRef().setName("web-green");
              return h;
            });
    simulator.awaitIdle();

    assertThat(replicas("web-green")).isEqualTo(4);
    assertThat(replicas("web-blue")).isEqualTo(4);
    assertThat(status("hpa")).containsExactly(4, 4);

    simulator.setAutoscalerLoad(NAMESPACE, "hpa", 2);
    simulator.awaitIdle();
    assertThat(replicas("web-green")).isEqualTo(2);
    assertThat(replicas("web-blue")).isEqualTo(4);
  }

  @Test
  void replicasDroppedByTheirOnlyOwnerFallToOneUntilTheHpaRaisesThem() {
    client.resource(autoscaler("hpa", "web", 3, 5)).create();
    try (History<Deployment> history =
        new History<>(client.apps().deployments().inNamespace(NAMESPACE).withName("web"))) {
      apply(Fixtures.deployment("web", 4));
      simulator.awaitIdle();

      apply(Fixtures.deployment("web", null));
      simulator.awaitIdle();

      assertThat(history.changesUntil(d -> d.getSpec().getReplicas(), 3)).containsExactly(4, 1, 3);
    }
  }

  @Test
  void theHpaCorrectsACountOnItsOwnWithoutAnAwaitIdleSweep() {
    client.resource(autoscaler("hpa", "web", 2, 5)).create();
    client.resource(Fixtures.deployment("web", 3)).create();
    simulator.awaitIdle();

    client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale(9);

    await().atMost(Duration.ofSeconds(10)).until(() -> replicas("web") == 5);
    await().atMost(Duration.ofSeconds(10)).until(() -> List.of(5, 5).equals(status("hpa")));
  }

  private void apply(Deployment deployment) {
    client.resource(deployment).fieldManager("ams-operator").forceConflicts().serverSideApply();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private int replicas(String name) {
    return deployment(name).getSpec().getReplicas();
  }

  private HorizontalPodAutoscaler hpa(String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  /** {@code [currentReplicas, desiredReplicas]}. */
  private List<Integer> status(String name) {
    return statusOf(hpa(name));
  }

  private static List<Integer> statusOf(HorizontalPodAutoscaler hpa) {
    return hpa.getStatus() == null
        ? List.of()
        : Arrays.asList(hpa.getStatus().getCurrentReplicas(), hpa.getStatus().getDesiredReplicas());
  }

  static HorizontalPodAutoscaler autoscaler(String name, String target, int min, int max) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(target)
        .endScaleTargetRef()
        .withMinReplicas(min)
        .withMaxReplicas(max)
        .endSpec()
        .build();
  }
}
