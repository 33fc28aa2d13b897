package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.app.AppAutoscalers;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.release.AnalysisResult;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.PodReadiness;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Releases at Production size (web 3 replicas, API under an HPA 3-10, worker under an HPA 2-8) on a
 * cluster that is not kind to them: pods that become ready one by one, partly, late or never, HPAs
 * that move, Jobs that run long. One test per release rule; every one of them is also judged by the
 * {@link RoutingRecorder}'s invariants over everything the routing objects went through.
 */
class ProductionReleaseIT extends ReleaseTest {

  static String canary(String router) {
    return """
        strategy: Canary
        canary:
          trafficRouter: %s
          steps:
            - setWeight: 10
            - pause: {}
            - setWeight: 50
            - pause: {durationSeconds: 60}
        """
        .formatted(router);
  }

  static final String BLUE_GREEN =
      """
      strategy: BlueGreen
      blueGreen: {scaleDownDelaySeconds: 10}
      """;

  ControllerSimulator sim() {
    return d.harness.simulator();
  }

  /** Pods of every Deployment from now on become ready one by one, 100 ms apart. */
  void slowPods() {
    sim().defaultReadiness(PodReadiness.oneByOne(Duration.ofMillis(100)));
  }

  HorizontalPodAutoscaler hpa(String name, String component) {
    return d.harness.get(HorizontalPodAutoscaler.class, name + "-" + component + "-hpa");
  }

  void setPaused(String name, boolean paused) {
    d.harness.edit(
        name,
        i -> {
          i.getSpec().setPaused(paused);
          return i;
        });
  }

  void awaitReplicasReady(String name, String component, String slot, int ready) {
    await(name + "-" + component + "-" + slot + " with " + ready + " ready")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var dep = d.deployment(name, component, slot);
              return dep != null
                  && dep.getStatus() != null
                  && Objects.equals(dep.getStatus().getReadyReplicas(), ready);
            });
  }

  void awaitReplicas(String name, String component, String slot, int replicas) {
    await(name + "-" + component + "-" + slot + " at " + replicas)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Objects.equals(d.replicas(name, component, slot), replicas));
  }

  @Test
  void aCanaryWhosePodsStartOneByOneNeverStepsBack() {
    for (String router : List.of("Istio", "Nginx", "GatewayAPI")) {
      String name = "slow-" + router.toLowerCase();
      d.installProduction(name, canary(router));
      slowPods();
      d.setVersion(name, "1.1.0");
      d.awaitRelease(
          name,
          "paused at 10%",
          r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 10));
      // The 50 % step needs 2 web and 2 API pods; the API is held at one ready pod.
      sim().readiness(ReleaseDriver.NS, name + "-api-green", PodReadiness.partly(1));
      d.act(name, Action.PROMOTE, "p1");
      var scaling =
          d.awaitRelease(
              name,
              "scaling for 50%",
              r ->
                  r.getMessage() != null
                      && r.getMessage().contains("scaling the candidate for 50%"));
      d.harness.awaitReconciles(4);
      var held = d.checkTraffic(name);
      assertThat(held.webWeightOn("green"))
          .as("%s: 10%% stays while 50%% starts", router)
          .isEqualTo(10);
      assertThat(held.route("api").orElseThrow().headerSlot())
          .as("header route stays")
          .isEqualTo("green");
      assertThat(scaling.getCanaryWeight()).isEqualTo(10);
      if (router.equals("Nginx")) {
        assertThat(d.harness.get(Ingress.class, name + "-ingress-canary")).isNotNull();
      }
      if (router.equals("GatewayAPI")) {
        assertThat(held.gatewayWeights().get("api"))
            .as("the HTTPRoute keeps 10%% while 50%% starts")
            .containsEntry("blue", 90)
            .containsEntry("green", 10);
      }
      sim()
          .readiness(
              ReleaseDriver.NS, name + "-api-green", PodReadiness.oneByOne(Duration.ofMillis(100)));
      d.awaitRelease(
          name,
          "paused at 50%",
          r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 50));
      d.act(name, Action.PROMOTE_FULL, "f1");
      d.awaitPhase(name, ReleasePhase.Promoting);
      d.clock.advance(Duration.ofSeconds(31));
      var done = d.awaitRelease(name, "stable", r -> r.getPhase() == ReleasePhase.Stable);
      assertThat(done.getStableVersion()).isEqualTo("1.1.0");
      assertThat(d.history.stream().filter(t -> t.webWeightOn("green") > 0).count()).isPositive();
    }
  }

  @Test
  void theStableHpaIsHeldAtTheRecordedSizeAndTheCandidateFollowsTheLoad() {
    String name = "hpa";
    d.installProduction(name, canary("Istio"));
    sim().setAutoscalerLoad(ReleaseDriver.NS, name + "-api-hpa", 6);
    awaitReplicas(name, "api", "blue", 6);
    slowPods();
    d.setVersion(name, "1.1.0");
    var at10 =
        d.awaitRelease(
            name,
            "paused at 10%",
            r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 10));
    assertThat(at10.getStableReplicas()).containsEntry("api", 6).containsEntry("web", 3);
    var held = hpa(name, "api");
    assertThat(held.getSpec().getMinReplicas()).isEqualTo(6);
    assertThat(held.getMetadata().getAnnotations()).containsKey(AppAutoscalers.HELD_MIN_REPLICAS);

    // Traffic leaves stable, so its HPA would want fewer pods: the held minimum keeps them.
    sim().setAutoscalerLoad(ReleaseDriver.NS, name + "-api-hpa", 3);
    d.harness.awaitReconciles(4);
    assertThat(d.replicas(name, "api", "blue")).isEqualTo(6);

    d.act(name, Action.PROMOTE, "p1");
    d.awaitRelease(
        name,
        "paused at 50%",
        r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 50));
    assertThat(d.replicas(name, "api", "green")).as("ceil(6 x 50%%)").isEqualTo(3);

    // Load grows: stable grows, and the candidate with it.
    sim().setAutoscalerLoad(ReleaseDriver.NS, name + "-api-hpa", 8);
    awaitReplicas(name, "api", "blue", 8);
    awaitReplicas(name, "api", "green", 4);

    d.act(name, Action.PROMOTE_FULL, "f1");
    d.awaitPhase(name, ReleasePhase.Promoting);
    d.clock.advance(Duration.ofSeconds(31));
    d.awaitRelease(name, "stable", r -> r.getPhase() == ReleasePhase.Stable);
    var after = hpa(name, "api");
    assertThat(after.getSpec().getScaleTargetRef().getName()).isEqualTo(name + "-api-green");
    assertThat(after.getSpec().getMinReplicas()).as("the spec's minimum again").isEqualTo(3);
    assertThat(after.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(after.getMetadata().getAnnotations())
        .doesNotContainKey(AppAutoscalers.HELD_MIN_REPLICAS);
    assertThat(d.replicas(name, "api", "green"))
        .as("never dropped to 1 at the handover")
        .isGreaterThanOrEqualTo(6);
  }

  @Test
  void aProductionBlueGreenCompletesAndHandsTheNewWorkerToItsHpa() {
    String name = "bg";
    d.installProduction(name, BLUE_GREEN);
    slowPods();
    d.setVersion(name, "1.1.0");
    d.awaitPhase(name, ReleasePhase.Paused);
    assertThat(d.replicas(name, "worker", "green"))
        .as("no candidate worker in the preview")
        .isZero();
    d.act(name, Action.PROMOTE, "p1");
    d.awaitPhase(name, ReleasePhase.Promoting);
    awaitReplicas(name, "worker", "green", 2);
    d.clock.advance(Duration.ofSeconds(11));
    var done = d.awaitRelease(name, "stable", r -> r.getPhase() == ReleasePhase.Stable);
    assertThat(done.getActiveSlot()).isEqualTo(Slot.green);
    d.harness.awaitPhase(name, Phase.Ready);
    assertThat(hpa(name, "worker").getSpec().getScaleTargetRef().getName())
        .isEqualTo(name + "-worker-green");
    assertThat(d.deployment(name, "worker", "blue")).as("the old worker is gone").isNull();
  }

  @Test
  void aBlueGreenPromoteWaitsForACandidateReadyAtFullSize() {
    String name = "bgwait";
    d.installProduction(name, BLUE_GREEN);
    d.setVersion(name, "1.1.0");
    d.awaitPhase(name, ReleasePhase.Paused);
    sim().makeUnready(ReleaseDriver.NS, name + "-api-green", 3);
    sim().awaitIdle();
    d.act(name, Action.PROMOTE, "p1");
    var waiting =
        d.awaitRelease(name, "promote kept", r -> Boolean.TRUE.equals(r.getPromotionRequested()));
    assertThat(waiting.getPhase()).isEqualTo(ReleasePhase.Paused);
    assertThat(waiting.getMessage()).contains("api 0/3 ready");
    d.harness.awaitReconciles(4);
    assertThat(d.checkTraffic(name).serviceSlot())
        .containsEntry("api", "blue")
        .containsEntry("web", "blue");
    sim().recover(ReleaseDriver.NS, name + "-api-green");
    d.awaitPhase(name, ReleasePhase.Promoting);
    assertThat(d.checkTraffic(name).serviceSlot()).containsEntry("api", "green");
    assertThat(d.eventReasons(name)).contains("PromotionWaiting", "Promoted");
  }

  @Test
  void aGitOpsRevertDuringPromotingSwitchesBackToTheOldSlotAtOnce() {
    String name = "revert";
    d.installProduction(name, BLUE_GREEN.replace("10", "600"));
    d.setVersion(name, "1.1.0");
    d.awaitPhase(name, ReleasePhase.Paused);
    d.act(name, Action.PROMOTE, "p1");
    d.awaitPhase(name, ReleasePhase.Promoting);
    assertThat(d.checkTraffic(name).serviceSlot()).containsEntry("api", "green");

    d.setVersion(name, "1.0.0");
    var back =
        d.awaitRelease(
            name,
            "back on 1.0.0",
            r -> r.getPhase() == ReleasePhase.Stable && r.getActiveSlot() == Slot.blue);
    assertThat(back.getStableVersion()).isEqualTo("1.0.0");
    assertThat(d.checkTraffic(name).serviceSlot())
        .containsEntry("api", "blue")
        .containsEntry("web", "blue");
    d.harness.awaitReconciles(4);
    assertThat(d.release(name).getCandidateVersion()).as("no new release back to 1.0.0").isNull();
    var events = d.eventReasons(name);
    assertThat(events.subList(events.indexOf("ReleaseReverted"), events.size()))
        .doesNotContain("ReleaseStarted", "Released");
    awaitReplicas(name, "worker", "blue", 2);
    d.clock.advance(Duration.ofSeconds(31));
    await("the reverted slot goes after the delay")
        .atMost(Duration.ofSeconds(30))
        .until(() -> d.deployment(name, "api", "green") == null);
  }

  @Test
  void aCandidateThatNeverBecomesReadyAbortsAtTheProgressDeadline() {
    String name = "stuck";
    d.installProduction(name, canary("Istio") + "progressDeadlineSeconds: 30\n");
    sim().crashLoop(ReleaseDriver.NS, name + "-api-green");
    d.setVersion(name, "1.1.0");
    d.awaitRelease(name, "waiting", r -> r.getWaitingSince() != null);
    d.clock.advance(Duration.ofSeconds(31));
    var aborted = d.awaitPhase(name, ReleasePhase.Aborted);
    assertThat(aborted.getMessage()).contains("progressDeadlineSeconds (30 s)");
    assertThat(d.eventReasons(name)).contains("ProgressDeadlineExceeded");
    assertThat(d.checkTraffic(name).webWeightOn("blue")).isEqualTo(100);
    d.harness.awaitPhase(name, Phase.Degraded);
  }

  @Test
  void anAbortMovesTrafficAtOnceAndTheCandidateKeepsItsPodsForTheDelay() {
    String name = "abort";
    d.installProduction(name, canary("Nginx"));
    d.setVersion(name, "1.1.0");
    d.awaitRelease(name, "10%", r -> Objects.equals(r.getCanaryWeight(), 10));
    d.act(name, Action.ABORT, "a1");
    d.awaitPhase(name, ReleasePhase.Aborted);
    var back = d.checkTraffic(name);
    assertThat(back.userSlots().get("api")).containsOnly("blue");
    assertThat(d.replicas(name, "api", "green")).as("draining, not gone").isEqualTo(1);
    d.assertCandidateScaledDown(name, "after the abort delay");
  }

  @Test
  void pausedHoldsAReleaseButStillTakesAnAbortAndTrafficOffUnreadyPods() {
    String name = "hold";
    d.installProduction(name, canary("Istio"));
    d.setVersion(name, "1.1.0");
    d.awaitPhase(name, ReleasePhase.Paused);
    d.act(name, Action.PROMOTE, "p1");
    d.awaitRelease(
        name,
        "paused at 50%",
        r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 50));
    setPaused(name, true);
    d.awaitRelease(name, "held", r -> r.getPausedAt() != null);
    d.clock.advance(Duration.ofSeconds(120));
    d.harness.awaitReconciles(4);
    assertThat(d.release(name).getStepIndex())
        .as("the 60 s pause does not end while held")
        .isEqualTo(3);

    sim().makeUnready(ReleaseDriver.NS, name + "-api-green", 2);
    d.awaitRelease(name, "weight off unready pods", r -> Objects.equals(r.getCanaryWeight(), 0));
    assertThat(d.checkTraffic(name).webWeightOn("green")).isZero();
    // Recovered pods get their share back only when the release resumes: held, nothing rises.
    sim().recover(ReleaseDriver.NS, name + "-api-green");
    awaitReplicasReady(name, "api", "green", 2);
    d.harness.awaitReconciles(4);
    assertThat(d.release(name).getCanaryWeight()).isZero();
    setPaused(name, false);
    d.awaitRelease(name, "weight back", r -> Objects.equals(r.getCanaryWeight(), 50));
    setPaused(name, true);
    d.awaitRelease(name, "held again", r -> r.getPausedAt() != null);

    d.act(name, Action.PROMOTE_FULL, "f1");
    d.harness.awaitReconciles(4);
    assertThat(d.release(name).getPhase())
        .as("promote-full is ignored while held")
        .isEqualTo(ReleasePhase.Paused);
    d.act(name, Action.ABORT, "a1");
    d.awaitPhase(name, ReleasePhase.Aborted);
    assertThat(d.checkTraffic(name).webWeightOn("blue")).isEqualTo(100);
  }

  @Test
  void analysisErrorsAreCountedApartAndAbortOnlyPastTheirLimit() {
    String name = "errs";
    d.installProduction(
        name,
        canary("Istio")
            + "  analysis: {prometheusUrl: \"http://prometheus:9090\", intervalSeconds: 5,"
            + " consecutiveErrorLimit: 1}\n");
    d.verdict = AnalysisResult.error("PrometheusUnreachable");
    d.setVersion(name, "1.1.0");
    d.awaitRelease(name, "10% routed", r -> Objects.equals(r.getCanaryWeight(), 10));
    d.clock.advance(Duration.ofSeconds(6));
    var one = d.awaitRelease(name, "one error", r -> Objects.equals(r.getAnalysisErrors(), 1));
    assertThat(one.getPhase()).isEqualTo(ReleasePhase.Progressing);
    assertThat(one.getAnalysisFailures()).isNull();
    assertThat(one.getLastAnalysis()).isEqualTo("PrometheusUnreachable");
    d.clock.advance(Duration.ofSeconds(6));
    var aborted = d.awaitPhase(name, ReleasePhase.Aborted);
    assertThat(aborted.getMessage()).contains("consecutiveErrorLimit 1");
    assertThat(d.eventReasons(name)).contains("AnalysisError").doesNotContain("AnalysisFailed");
  }

  @Test
  void aRunningMigrationIsNeverKilledNorRunTwiceAtOnce() {
    String name = "mig";
    d.installProduction(name, canary("Istio"));
    String job110 = ReleaseDriver.migrationJob(name, "1.1.0");
    d.startHeldInMigration(name);
    d.act(name, Action.ABORT, "a1");
    d.awaitPhase(name, ReleasePhase.Aborted);
    d.clock.advance(Duration.ofSeconds(1)); // the retry is an attempt of its own
    d.act(name, Action.RETRY, "r1");
    d.awaitRelease(
        name,
        "retry waits for the running Job",
        r -> r.getPhase() == ReleasePhase.Migrating && r.getMessage().contains("earlier attempt"));
    d.harness.awaitReconciles(4);
    assertThat(d.harness.get(Job.class, job110)).as("still running, not deleted").isNotNull();
    assertThat(d.jobCreations(job110)).isEqualTo(1);

    d.setVersion(name, "1.2.0");
    d.awaitRelease(
        name,
        "1.2.0 waits for 1.1.0's migration",
        r -> "1.2.0".equals(r.getCandidateVersion()) && r.getMessage().contains(job110));
    d.harness.awaitReconciles(4);
    String job120 = ReleaseDriver.migrationJob(name, "1.2.0");
    assertThat(d.harness.get(Job.class, job120)).as("never two migrations at once").isNull();

    sim().release(ControllerSimulator.JOB, ReleaseDriver.NS, job110);
    d.awaitRelease(
        name,
        "1.2.0 at 10%",
        r -> "1.2.0".equals(r.getCandidateVersion()) && Objects.equals(r.getCanaryWeight(), 10));
    assertThat(d.jobCreations(job110)).isEqualTo(1);
    assertThat(d.jobCreations(job120)).isEqualTo(1);
  }
}
