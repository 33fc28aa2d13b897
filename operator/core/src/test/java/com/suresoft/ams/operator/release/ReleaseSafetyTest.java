package com.suresoft.ams.operator.release;

import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Aborted;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Migrating;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Paused;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Progressing;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Promoting;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Stable;
import static com.suresoft.ams.operator.api.v1alpha1.status.Slot.blue;
import static com.suresoft.ams.operator.api.v1alpha1.status.Slot.green;
import static com.suresoft.ams.operator.model.Component.API;
import static com.suresoft.ams.operator.model.Component.WEB;
import static com.suresoft.ams.operator.model.Component.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The release rules that keep users on pods that can serve them, at Production size (web 3
 * replicas, API under an HPA 3-10, worker under an HPA 2-8), one test per rule: routing by ready
 * capacity, HPA-aware sizing, the blue-green switch, reverts, migrations, the progress deadline,
 * the abort scale-down delay, {@code spec.paused}, and analysis errors.
 */
class ReleaseSafetyTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String V1 = "1.0.0";
  static final String V2 = "1.1.0";
  static final String V3 = "1.2.0";

  static final String CANARY =
      """
      strategy: Canary
      canary:
        trafficRouter: Istio
        steps:
        - setWeight: 10
        - pause: {}
        - setWeight: 50
        - pause: {durationSeconds: 60}
      """;
  static final String BLUE_GREEN = "strategy: BlueGreen\n";

  static InstanceModel production(String version, String release) {
    String components =
        "web: {replicas: 3}\n"
            + "api: {autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 10}}\n"
            + "worker: {autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 8}}\n";
    return InstanceModel.of(
        TestInstances.withSpec(
            "ams",
            "tier: Development\nversion: \""
                + version
                + "\"\n"
                + components
                + "release:\n"
                + release.lines().map(l -> "  " + l + "\n").reduce("", String::concat)));
  }

  /** A release of V2 in {@code phase}, started from a stable slot of web 3, API 5, worker 2. */
  static ReleaseStatus release(String strategy, ReleasePhase phase, Integer step, int weight) {
    var s = new ReleaseStatus();
    s.setStableVersion(V1);
    s.setActiveSlot(blue);
    s.setStrategy(strategy);
    s.setPhase(phase);
    s.setCandidateVersion(V2);
    s.setStartedAt(T0.minusSeconds(600).toString());
    s.setStepStartedAt(T0.minusSeconds(10).toString());
    s.setStepIndex(step);
    s.setStepWeight(weight);
    s.setCanaryWeight(weight);
    s.setStableReplicas(Map.of("web", 3, "api", 5, "worker", 2));
    return s;
  }

  static ReleaseStatus with(ReleaseStatus s, Consumer<ReleaseStatus> edit) {
    var copy = Planning.copy(s);
    edit.accept(copy);
    return copy;
  }

  /** Blue runs V1 at web 3, API 5, worker 2; green runs V2 with these desired/ready pods. */
  static ObservedSlots slots(int webReady, int apiReady, int workerReady) {
    return ObservedSlots.NONE
        .with(WEB, blue, new SlotObservation(V1, 3, 3))
        .with(API, blue, new SlotObservation(V1, 5, 5))
        .with(WORKER, blue, new SlotObservation(V1, 2, 2))
        .with(WEB, green, new SlotObservation(V2, Math.max(webReady, 1), webReady))
        .with(API, green, new SlotObservation(V2, Math.max(apiReady, 1), apiReady))
        .with(WORKER, green, new SlotObservation(V2, workerReady, workerReady))
        .withHpa(API, 5)
        .withHpa(WORKER, 2);
  }

  record In(
      InstanceModel model,
      ReleaseStatus status,
      ObservedSlots slots,
      JobObservation migration,
      Optional<AnalysisResult> analysis,
      Map<String, String> annotations,
      boolean paused,
      List<String> running,
      Instant now) {

    static In of(String version, String release, ReleaseStatus status, ObservedSlots slots) {
      return new In(
          production(version, release),
          status,
          slots,
          JobObservation.of(JobState.SUCCEEDED, T0.minusSeconds(600).toString()),
          Optional.empty(),
          Map.of(),
          false,
          List.of(),
          T0);
    }

    In at(Duration after) {
      return new In(
          model, status, slots, migration, analysis, annotations, paused, running, T0.plus(after));
    }

    In act(Action a, String token) {
      return new In(
          model,
          status,
          slots,
          migration,
          analysis,
          Map.of(a.annotation(), token),
          paused,
          running,
          now);
    }

    In whilePaused() {
      return new In(model, status, slots, migration, analysis, annotations, true, running, now);
    }

    In migration(JobState state, String attempt, List<String> otherRunning) {
      return new In(
          model,
          status,
          slots,
          JobObservation.of(state, attempt),
          analysis,
          annotations,
          paused,
          otherRunning,
          now);
    }

    In analysis(AnalysisResult r) {
      return new In(
          model, status, slots, migration, Optional.of(r), annotations, paused, running, now);
    }

    ReleasePlan plan() {
      return ReleasePlanner.plan(
          new ReleaseInputs(
              model, status, slots, migration, null, analysis, annotations, paused, running, now));
    }
  }

  static Integer replicas(ReleasePlan p, Component c, Slot slot) {
    return p.appTier().slots().stream()
        .filter(s -> s.component() == c && s.slot() == slot)
        .findFirst()
        .map(SlotPlan::replicas)
        .orElse(null);
  }

  static List<String> reasons(ReleasePlan p) {
    return p.events().stream().map(ReleaseEvent::reason).toList();
  }

  // ---- routing by ready capacity ----

  @Test
  void scalingUpForTheNextWeightKeepsTheWeightAndHeaderRouteAlreadyCarried() {
    // 10 % reached (1 web, 1 API ready); promote moved on to 50 %, whose pods are still starting.
    var p = In.of(V2, CANARY, release("Canary", Progressing, 2, 10), slots(1, 1, 0)).plan();
    assertThat(replicas(p, WEB, green)).as("scaled for 50%% of 3").isEqualTo(2);
    assertThat(replicas(p, API, green)).as("scaled for 50%% of 5").isEqualTo(3);
    assertThat(p.routing().candidateWeight()).isEqualTo(10);
    assertThat(p.routing().headerRoute()).isTrue();
    assertThat(p.status().getCanaryWeight()).isEqualTo(10);
    assertThat(p.status().getStepWeight()).isEqualTo(10);
    assertThat(p.status().getMessage()).contains("scaling the candidate for 50%");
  }

  @Test
  void aWeightIsRaisedOnlyWhenTheCandidateHasReadyPodsForIt() {
    var in = In.of(V2, CANARY, release("Canary", Progressing, 2, 10), slots(2, 2, 0));
    assertThat(in.plan().routing().candidateWeight())
        .as("API 2 of ceil(5 x 50%%) = 3")
        .isEqualTo(10);
    var ready =
        new In(
            in.model(),
            in.status(),
            slots(2, 3, 0),
            in.migration(),
            Optional.empty(),
            Map.of(),
            false,
            List.of(),
            T0);
    var p = ready.plan();
    assertThat(p.routing().candidateWeight()).isEqualTo(50);
    assertThat(p.status().getCanaryWeight()).isEqualTo(50);
    assertThat(reasons(p)).contains("CanaryWeight");
  }

  @Test
  void podsThatBecomeUnreadyTakeTheirShareAndGiveItBackWhenTheyRecover() {
    // At 50 % (web 2, API 3 ready of 3 and 5); one API pod goes unready: 2 of 5 carry 40 %.
    var atFifty = release("Canary", Paused, 3, 50);
    var lost = In.of(V2, CANARY, atFifty, slots(2, 2, 0)).plan();
    assertThat(lost.routing().candidateWeight()).isEqualTo(40);
    assertThat(lost.status().getCanaryWeight()).isEqualTo(40);
    assertThat(lost.status().getStepWeight()).isEqualTo(50);
    assertThat(lost.routing().headerRoute()).isTrue();
    assertThat(reasons(lost)).containsExactly("CandidateUnready");
    assertThat(lost.status().getWaitingSince()).as("counts toward the deadline").isNotNull();

    var none = In.of(V2, CANARY, lost.status(), slots(2, 0, 0)).plan();
    assertThat(none.routing().candidateWeight()).as("0 only when none is ready").isZero();
    assertThat(none.routing().headerRoute()).isFalse();
    assertThat(none.routing().candidateSlot()).as("routing objects stay").isEqualTo(green);

    var back = In.of(V2, CANARY, none.status(), slots(2, 3, 0)).plan();
    assertThat(back.routing().candidateWeight()).isEqualTo(50);
    assertThat(reasons(back)).containsExactly("CandidateRecovered");
    assertThat(back.status().getWaitingSince()).isNull();
  }

  @Test
  void aLaggingDeploymentStatusDuringAScaleUpStillCountsItsReadyPods() {
    var lagging =
        ObservedSlots.NONE
            .with(WEB, blue, new SlotObservation(V1, 3, 3))
            .with(API, blue, new SlotObservation(V1, 5, 5))
            .with(WORKER, blue, new SlotObservation(V1, 2, 2))
            // the controller has not seen the scale-up to 2 and 3 yet
            .with(WEB, green, new SlotObservation(V2, 2, 1, false))
            .with(API, green, new SlotObservation(V2, 3, 1, false))
            .withHpa(API, 5);
    var p = In.of(V2, CANARY, release("Canary", Progressing, 2, 10), lagging).plan();
    assertThat(p.routing().candidateWeight()).isEqualTo(10);
    assertThat(p.routing().headerRoute()).isTrue();
  }

  // ---- HPA-aware sizing ----

  @Test
  void aReleaseRecordsTheStableSizeAndHoldsTheStableHpaThere() {
    var stable = new ReleaseStatus();
    stable.setStableVersion(V1);
    stable.setPhase(Stable);
    stable.setActiveSlot(blue);
    var observed =
        ObservedSlots.NONE
            .with(WEB, blue, new SlotObservation(V1, 3, 3))
            .with(API, blue, new SlotObservation(V1, 6, 6))
            .with(WORKER, blue, new SlotObservation(V1, 4, 4))
            .withHpa(API, 6)
            .withHpa(WORKER, 4);
    var p = In.of(V2, CANARY, stable, observed).migration(JobState.ABSENT, null, List.of()).plan();
    assertThat(p.status().getPhase()).isEqualTo(Migrating);
    assertThat(p.status().getStableReplicas())
        .containsEntry("web", 3)
        .containsEntry("api", 6)
        .containsEntry("worker", 4);
    assertThat(p.appTier().heldMinReplicas()).containsEntry(API, 6).containsEntry(WORKER, 4);
    assertThat(replicas(p, API, blue)).as("the HPA owns the stable replicas").isNull();
  }

  @Test
  void theCandidateIsSizedFromTheRecordWhenTheStableHpaShrinksAsTrafficLeaves() {
    // Recorded API 5; with half the traffic gone the stable HPA wants 3 (held at 5 in reality,
    // but even if it reported less, the candidate keeps its share of the recorded size).
    var shrunk = slots(2, 3, 0).withHpa(API, 3);
    var p = In.of(V2, CANARY, release("Canary", Paused, 3, 50), shrunk).plan();
    assertThat(replicas(p, API, green)).isEqualTo(3);
    var grown = slots(2, 3, 0).withHpa(API, 8);
    var q = In.of(V2, CANARY, release("Canary", Paused, 3, 50), grown).plan();
    assertThat(replicas(q, API, green)).as("ceil(8 x 50%%): load grew").isEqualTo(4);
    assertThat(q.routing().candidateWeight())
        .as("3 ready of the recorded 5 still carry 50%%")
        .isEqualTo(50);
  }

  @Test
  void theHeldMinimumIsGivenBackWhenTheReleaseEnds() {
    var promoting =
        with(
            release("Canary", Promoting, 4, 100),
            s -> s.setStepStartedAt(T0.minusSeconds(60).toString()));
    var p = In.of(V2, CANARY, promoting, slots(3, 5, 2)).plan();
    assertThat(p.status().getPhase()).isEqualTo(Stable);
    assertThat(p.appTier().heldMinReplicas()).isEmpty();
    assertThat(p.status().getStableReplicas()).isNull();
  }

  @Test
  void fullPromotionSizesTheNewWorkerBeforeTheHpaTakesItOver() {
    // Blue-green promote: the candidate's worker stands at 0, which an HPA never scales.
    var preview = release("BlueGreen", Paused, null, 0);
    var p = In.of(V2, BLUE_GREEN, preview, slots(3, 5, 0)).act(Action.PROMOTE, "p1").plan();
    assertThat(p.status().getPhase()).isEqualTo(Promoting);
    assertThat(p.appTier().activeSlot()).as("the HPAs move to the new slot").isEqualTo(green);
    assertThat(replicas(p, WORKER, green)).as("sized to the stable worker count").isEqualTo(2);
    assertThat(replicas(p, WORKER, blue))
        .as("old worker runs until the new one is ready")
        .isEqualTo(2);
    // Once it runs, the HPA owns it; the old worker stops.
    var later = In.of(V2, BLUE_GREEN, p.status(), slots(3, 5, 2)).at(Duration.ofSeconds(5)).plan();
    assertThat(replicas(later, WORKER, green)).isNull();
    assertThat(replicas(later, WORKER, blue)).isZero();
    // After the scale-down delay every component is ready: done, not stuck in Promoting.
    var done =
        In.of(V2, BLUE_GREEN, later.status(), slots(3, 5, 2)).at(Duration.ofSeconds(31)).plan();
    assertThat(done.status().getPhase()).isEqualTo(Stable);
    assertThat(done.status().getActiveSlot()).isEqualTo(green);
  }

  // ---- the blue-green switch ----

  @Test
  void blueGreenPromoteWithAnUnreadyCandidateWaitsSaysWhyAndIsNotLost() {
    var preview = release("BlueGreen", Paused, null, 0);
    var waiting = In.of(V2, BLUE_GREEN, preview, slots(3, 0, 0)).act(Action.PROMOTE, "p1").plan();
    assertThat(waiting.status().getPhase()).isEqualTo(Paused);
    assertThat(waiting.routing().serviceSlot()).isEqualTo(blue);
    assertThat(waiting.status().getPromotionRequested()).isTrue();
    assertThat(waiting.status().getMessage()).contains("api 0/5 ready");
    var switched =
        In.of(V2, BLUE_GREEN, waiting.status(), slots(3, 5, 0)).at(Duration.ofSeconds(40)).plan();
    assertThat(switched.status().getPhase()).isEqualTo(Promoting);
    assertThat(switched.routing().serviceSlot()).isEqualTo(green);
  }

  @Test
  void blueGreenPromotingFallsBackToTheOldSlotWhenARoutedComponentHasNoReadyPod() {
    var promoting = release("BlueGreen", Promoting, null, 100);
    var p = In.of(V2, BLUE_GREEN, promoting, slots(3, 0, 2)).plan();
    assertThat(p.routing().serviceSlot()).isEqualTo(blue);
    assertThat(p.status().getCanaryWeight()).isZero();
    assertThat(replicas(p, API, blue)).as("the old slot still runs").isEqualTo(5);
  }

  // ---- GitOps revert ----

  @Test
  void aRevertDuringPromotingSwitchesBackToTheOldSlotAtOnce() {
    var promoting = release("BlueGreen", Promoting, null, 100);
    var p = In.of(V1, BLUE_GREEN, promoting, slots(3, 5, 2)).plan();
    assertThat(p.status().getPhase()).isEqualTo(Stable);
    assertThat(p.status().getStableVersion()).isEqualTo(V1);
    assertThat(p.status().getActiveSlot()).isEqualTo(blue);
    assertThat(p.routing().serviceSlot()).isEqualTo(blue);
    assertThat(p.appTier().activeSlot()).as("the HPAs go back to the old slot").isEqualTo(blue);
    assertThat(replicas(p, API, green)).as("the reverted slot drains").isEqualTo(5);
    assertThat(reasons(p)).containsExactly("ReleaseReverted");
    // It is not a new release back to the old version.
    var next = In.of(V1, BLUE_GREEN, p.status(), slots(3, 5, 2)).at(Duration.ofSeconds(31)).plan();
    assertThat(next.status().getPhase()).isEqualTo(Stable);
    assertThat(next.status().getCandidateVersion()).isNull();
    assertThat(replicas(next, API, green)).as("gone after the delay").isNull();
  }

  @Test
  void aRevertedOldWorkerAtZeroIsSizedAgain() {
    var promoting = release("Canary", Promoting, 4, 100);
    var workerMoved = slots(3, 5, 2).with(WORKER, blue, new SlotObservation(V1, 0, 0));
    var p = In.of(V1, CANARY, promoting, workerMoved).plan();
    assertThat(replicas(p, WORKER, blue)).as("an HPA never scales a target at 0").isEqualTo(2);
  }

  // ---- migrations ----

  @Test
  void aNewVersionWaitsForARunningMigrationOfAnotherVersion() {
    var migrating = with(release("Canary", Migrating, 0, 0), s -> s.setCandidateVersion(V3));
    var p =
        In.of(V3, CANARY, migrating, slots(0, 0, 0))
            .migration(JobState.ABSENT, null, List.of("ams-migrate-1-1-0"))
            .plan();
    assertThat(p.jobs()).isEmpty();
    assertThat(p.status().getMessage())
        .contains("ams-migrate-1-1-0")
        .contains("never stopped halfway");
  }

  @Test
  void aRetryWaitsForTheEarlierAttemptsRunningMigrationAndNeverReplacesIt() {
    var migrating = release("Canary", Migrating, 0, 0);
    var p =
        In.of(V2, CANARY, migrating, slots(0, 0, 0))
            .migration(JobState.RUNNING, "an-earlier-attempt", List.of())
            .plan();
    assertThat(p.jobs()).isEmpty();
    assertThat(p.status().getPhase()).isEqualTo(Migrating);
    var failed =
        In.of(V2, CANARY, migrating, slots(0, 0, 0))
            .migration(JobState.FAILED, "an-earlier-attempt", List.of())
            .plan();
    assertThat(failed.jobs())
        .singleElement()
        .satisfies(j -> assertThat(j.replaceExisting()).isTrue());
  }

  // ---- progress deadline ----

  @Test
  void aCandidateNotReadyWithinTheDeadlineAbortsTheRelease() {
    var stuck = with(release("Canary", Progressing, 0, 0), s -> s.setWaitingSince(T0.toString()));
    var before = In.of(V2, CANARY, stuck, slots(0, 0, 0)).at(Duration.ofSeconds(599)).plan();
    assertThat(before.status().getPhase()).isEqualTo(Progressing);
    assertThat(before.requeueAfter()).contains(Duration.ofSeconds(1));
    var p = In.of(V2, CANARY, stuck, slots(0, 0, 0)).at(Duration.ofSeconds(600)).plan();
    assertThat(p.status().getPhase()).isEqualTo(Aborted);
    assertThat(p.status().getMessage()).contains("progressDeadlineSeconds (600 s)");
    assertThat(p.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("ProgressDeadlineExceeded");
              assertThat(e.type()).isEqualTo(ReleaseEvent.Type.Warning);
            });
    assertThat(p.routing().candidateWeight()).isZero();
  }

  @Test
  void promotingWaitingForReadinessAlsoHasADeadline() {
    var promoting =
        with(
            release("BlueGreen", Promoting, null, 100),
            s -> s.setWaitingSince(T0.minusSeconds(600).toString()));
    var p = In.of(V2, BLUE_GREEN, promoting, slots(3, 5, 0)).plan();
    assertThat(p.status().getPhase()).isEqualTo(Aborted);
    assertThat(p.routing().serviceSlot()).isEqualTo(blue);
  }

  // ---- abort scale-down delay ----

  @Test
  void anAbortMovesTrafficAtOnceAndScalesTheCandidateDownOnlyAfterTheDelay() {
    var at50 = release("Canary", Paused, 3, 50);
    var p = In.of(V2, CANARY, at50, slots(2, 3, 0)).act(Action.ABORT, "a1").plan();
    assertThat(p.routing().candidateWeight()).isZero();
    assertThat(p.routing().candidateSlot()).isNull();
    assertThat(replicas(p, API, green)).isEqualTo(3);
    assertThat(p.requeueAfter()).contains(Duration.ofSeconds(30));
    var later = In.of(V2, CANARY, p.status(), slots(2, 3, 0)).at(Duration.ofSeconds(30)).plan();
    assertThat(replicas(later, API, green)).isZero();
    assertThat(replicas(later, WEB, green)).isZero();
  }

  // ---- spec.paused ----

  @Test
  void pausedHoldsTheReleaseStopsItsTimersAndStillTakesAnAbort() {
    var timed = with(release("Canary", Paused, 3, 50), s -> s.setStepStartedAt(T0.toString()));
    var held =
        In.of(V2, CANARY, timed, slots(2, 3, 0)).whilePaused().at(Duration.ofSeconds(50)).plan();
    assertThat(held.status().getPausedAt()).isEqualTo(T0.plusSeconds(50).toString());
    assertThat(held.status().getStepIndex()).isEqualTo(3);
    assertThat(held.requeueAfter()).isEmpty();
    // Long past the pause's 60 s: nothing moved.
    var stillHeld =
        In.of(V2, CANARY, held.status(), slots(2, 3, 0))
            .whilePaused()
            .at(Duration.ofSeconds(500))
            .plan();
    assertThat(stillHeld.status().getStepIndex()).isEqualTo(3);
    // Unpaused: the pause resumes with the 10 s it had left.
    var resumed =
        In.of(V2, CANARY, stillHeld.status(), slots(2, 3, 0)).at(Duration.ofSeconds(500)).plan();
    assertThat(resumed.status().getStepIndex()).isEqualTo(3);
    assertThat(resumed.requeueAfter()).contains(Duration.ofSeconds(10));
    assertThat(resumed.status().getPausedAt()).isNull();
    // An abort is honoured while paused; promote is not.
    var aborted =
        In.of(V2, CANARY, held.status(), slots(2, 3, 0))
            .whilePaused()
            .act(Action.ABORT, "a1")
            .plan();
    assertThat(aborted.status().getPhase()).isEqualTo(Aborted);
    assertThat(aborted.routing().candidateWeight()).isZero();
    var promote =
        In.of(V2, CANARY, held.status(), slots(2, 3, 0))
            .whilePaused()
            .act(Action.PROMOTE, "p1")
            .plan();
    assertThat(promote.status().getStepIndex()).isEqualTo(3);
    assertThat(reasons(promote)).containsExactly("ActionIgnored");
  }

  @Test
  void pausedStillTakesTrafficOffPodsThatBecomeUnready() {
    var held = with(release("Canary", Paused, 3, 50), s -> s.setPausedAt(T0.toString()));
    var p = In.of(V2, CANARY, held, slots(2, 0, 0)).whilePaused().plan();
    assertThat(p.routing().candidateWeight()).isZero();
    assertThat(p.routing().headerRoute()).isFalse();
  }

  // ---- analysis errors ----

  @Test
  void anUnreachablePrometheusIsAnErrorCountedAgainstItsOwnLimit() {
    String withAnalysis =
        CANARY
            + "  analysis: {prometheusUrl: \"http://prometheus:9090\", consecutiveErrorLimit: 1}\n";
    var at10 = release("Canary", Progressing, 0, 10);
    var first =
        In.of(V2, withAnalysis, at10, slots(1, 1, 0))
            .analysis(AnalysisResult.error("Prometheus unreachable: connection refused"))
            .plan();
    assertThat(first.status().getPhase()).isEqualTo(Progressing);
    assertThat(first.status().getAnalysisErrors()).isEqualTo(1);
    assertThat(first.status().getAnalysisFailures()).isNull();
    assertThat(reasons(first)).containsExactly("AnalysisError");
    var second =
        In.of(V2, withAnalysis, first.status(), slots(1, 1, 0))
            .analysis(AnalysisResult.error("Prometheus unreachable: connection refused"))
            .plan();
    assertThat(second.status().getPhase()).isEqualTo(Aborted);
    assertThat(second.status().getMessage()).contains("consecutiveErrorLimit 1");
    // A check that ran resets the count of errors in a row.
    var passed =
        In.of(V2, withAnalysis, first.status(), slots(1, 1, 0))
            .analysis(AnalysisResult.passed("error rate 0.01"))
            .plan();
    assertThat(passed.status().getAnalysisErrors()).isNull();
  }
}
