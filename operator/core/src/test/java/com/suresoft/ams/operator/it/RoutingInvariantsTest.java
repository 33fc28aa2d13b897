package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.it.RoutingInvariants.Violation;
import com.suresoft.ams.operator.it.RoutingSnapshot.Autoscaler;
import com.suresoft.ams.operator.it.RoutingSnapshot.Release;
import com.suresoft.ams.operator.it.RoutingSnapshot.SlotState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link RoutingInvariants} on hand-built timelines of one canary (stable in blue with
 * 10 pods per routed component, candidate 1.1.0 in green), without an operator: each test breaks or
 * keeps one rule the way a real release could, and fails if that rule stops telling the two apart.
 */
class RoutingInvariantsTest {
  private static final Duration GRACE = Duration.ofSeconds(5);

  // ---- candidate weight never decreases ----

  @Test
  void aDipWhileTheCandidateScalesUpForTheNextWeightIsFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).message("step 3/4: scaling the candidate for 50%");
    t.pods("web", "green", 5, 1).pods("api", "green", 5, 1);
    var dip = t.after(5).route(0, false).last();
    t.after(200).pods("web", "green", 5, 5).pods("api", "green", 5, 5);
    t.after(5).route(50, true).status(ReleasePhase.Paused, 50);

    var violations = t.judge().candidateWeightNeverDecreases();

    assertThat(violations)
        .extracting(Violation::what)
        .anySatisfy(
            w -> assertThat(w).startsWith("web: weight on candidate slot green went 10% -> 0%"))
        .anySatisfy(
            w -> assertThat(w).startsWith("api: weight on candidate slot green went 10% -> 0%"));
    assertThat(violations).allSatisfy(v -> assertThat(v.at()).contains(dip));
  }

  @Test
  void anAbortDroppingTheCandidateToZeroIsNotFlagged() {
    var t = Timeline.canaryAt(50);
    // The routing goes first; the status that says why is the reconcile's last write.
    t.after(100).route(0, false);
    t.after(15).status(ReleasePhase.Aborted, 0);
    t.after(100).pods("web", "green", 0, 0).pods("api", "green", 0, 0);

    assertThat(t.judge().violations()).isEmpty();
  }

  @Test
  void aDropThatTheStatusWrittenRightAfterDoesNotExplainIsFlagged() {
    var t = Timeline.canaryAt(50);
    t.after(100).route(0, false);
    t.after(15).status(ReleasePhase.Progressing, 0);
    // An abort that comes later does not excuse the drop before it.
    t.after(50).status(ReleasePhase.Aborted, 0);

    assertThat(t.judge().candidateWeightNeverDecreases()).hasSize(2);
  }

  @Test
  void anAbortWhoseStatusComesAfterTheGracePeriodDoesNotExcuseTheDrop() {
    var t = Timeline.canaryAt(50);
    t.after(100).route(0, false);
    t.after(6_000).status(ReleasePhase.Aborted, 0);

    assertThat(t.judge().candidateWeightNeverDecreases()).hasSize(2);
  }

  @Test
  void aNewerVersionSupersedingTheCandidateMayTakeItsTrafficAway() {
    var t = Timeline.canaryAt(50);
    t.after(100).route(0, false);
    t.candidate = "1.2.0";
    t.startedAt = "2026-06-01T00:05:00Z";
    t.after(10).status(ReleasePhase.Migrating, 0);

    assertThat(t.judge().violations()).isEmpty();
  }

  @Test
  void theWeightMayDropToWhatTheRemainingReadyPodsCarryButNoFurther() {
    // Base 10 at 50 %: 5 ready candidate pods. Two of them go; 3 carry 30 %.
    var toCarried = Timeline.canaryAt(50);
    toCarried.after(100).pods("web", "green", 5, 3);
    toCarried.after(50).route(30, true).status(ReleasePhase.Progressing, 30);
    assertThat(toCarried.judge().violations()).isEmpty();

    var belowCarried = Timeline.canaryAt(50);
    belowCarried.after(100).pods("web", "green", 5, 3);
    belowCarried.after(50).route(10, true).status(ReleasePhase.Progressing, 10);
    assertThat(belowCarried.judge().candidateWeightNeverDecreases())
        .extracting(Violation::what)
        .anySatisfy(w -> assertThat(w).contains("50% -> 10%").contains("carry 30%"));
  }

  @Test
  void aPartialDropThatTheReadyPodsDidNotForceIsFlagged() {
    // All 5 pods still ready: they carry 50 %, so going to 30 % is a step undone.
    var t = Timeline.canaryAt(50);
    t.after(100).route(30, true).status(ReleasePhase.Progressing, 30);

    assertThat(t.judge().candidateWeightNeverDecreases())
        .extracting(Violation::what)
        .anySatisfy(w -> assertThat(w).contains("50% -> 30%").contains("carry 50%"));
  }

  @Test
  void theHeaderRouteStaysWhileTheCandidateHasReadyPods() {
    var withdrawn = Timeline.canaryAt(10);
    withdrawn.after(100).pods("web", "green", 5, 1);
    withdrawn.after(5).route(10, false);
    assertThat(withdrawn.judge().candidateWeightNeverDecreases())
        .extracting(Violation::what)
        .anySatisfy(w -> assertThat(w).startsWith("web: header route to candidate slot green"));

    // With no ready candidate pod left, the header route must go (the capacity rule says so).
    var lostPods = Timeline.canaryAt(10);
    lostPods.after(100).pods("web", "green", 1, 0);
    lostPods.after(50).route(0, false).status(ReleasePhase.Progressing, 0);
    assertThat(lostPods.judge().violations()).isEmpty();
  }

  // ---- traffic only to ready capacity ----

  @Test
  void aReadinessDropCorrectedWithinTheGracePeriodIsNotFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 1, 0); // under the route, before any operator can react
    t.after(300).route(0, false);
    t.after(10).status(ReleasePhase.Progressing, 0);

    var invariants = t.judge();
    assertThat(invariants.violations()).isEmpty();
    assertThat(invariants.unsettled()).isEmpty();
  }

  @Test
  void aReadinessDropNeverCorrectedIsFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 1, 0);
    t.after(1_000).message("still at 10%");

    var invariants = t.judge();
    assertThat(invariants.trafficOnlyToReadyCapacity())
        .extracting(Violation::what)
        .containsExactlyInAnyOrder(
            "web: 10% to green needs 1 ready pod(s) (base 10), has 0, still so when the recording"
                + " ended",
            "web: header route to green, which has no ready pod, still so when the recording"
                + " ended");
    assertThat(invariants.unsettled()).hasSize(2);
  }

  @Test
  void aReadinessDropThatOnlyTheClusterEndedAfterTheGracePeriodIsFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 1, 0);
    t.after(6_000).pods("web", "green", 1, 1);

    assertThat(t.judge().trafficOnlyToReadyCapacity())
        .extracting(Violation::what)
        .anySatisfy(w -> assertThat(w).endsWith("for 6000 ms before it was corrected"));
  }

  @Test
  void aRouteWrittenOntoTooFewReadyPodsIsFlaggedEvenIfThePodsComeSoonAfter() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 5, 1).pods("api", "green", 5, 5);
    var written = t.after(5).route(50, true).last();
    t.after(50).pods("web", "green", 5, 5);

    assertThat(t.judge().trafficOnlyToReadyCapacity())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.what())
                  .isEqualTo(
                      "web: 50% to green needs 5 ready pod(s) (base 10)," + " has 1, as written");
              assertThat(v.at()).contains(written);
            });
  }

  @Test
  void theGracePeriodIsConfigurable() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 1, 0);
    t.after(2_000).route(0, false).status(ReleasePhase.Progressing, 0);

    assertThat(t.judge(Duration.ofSeconds(5)).trafficOnlyToReadyCapacity()).isEmpty();
    assertThat(t.judge(Duration.ofSeconds(1)).trafficOnlyToReadyCapacity()).isNotEmpty();
  }

  // ---- stable sized for its share ----

  @Test
  void stableScaledBelowItsShareIsFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "blue", 5, 5); // 90 % of base 10 needs 9

    assertThat(t.judge().stableSizedForItsShare())
        .extracting(Violation::what)
        .containsExactly(
            "web: stable slot blue held at 5 while its 90% share needs 9 (base 10), as written");
  }

  @Test
  void anAutoscalerMayScaleStableDownToItsMinimumOnlyOutsideARelease() {
    var during = Timeline.canaryAt(50);
    during.after(100).hpa("api", "ams-api-blue", 2);
    assertThat(during.judge().stableSizedForItsShare())
        .extracting(Violation::what)
        .containsExactly(
            "api: stable slot blue held at 2 while its 50% share needs 5 (base 10), as written");

    var heldHighEnough = Timeline.canaryAt(50);
    heldHighEnough.after(100).hpa("api", "ams-api-blue", 5);
    assertThat(heldHighEnough.judge().violations()).isEmpty();

    var afterwards = Timeline.canaryAt(50);
    afterwards.after(100).route(0, false).status(ReleasePhase.Aborted, 0);
    afterwards.after(100).hpa("api", "ams-api-blue", 2);
    assertThat(afterwards.judge().stableSizedForItsShare()).isEmpty();
  }

  // ---- status.release.canaryWeight ----

  @Test
  void theStatusMayLagTheRoutingWithinTheGracePeriod() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 5, 5).pods("api", "green", 5, 5);
    t.after(5).route(50, true);
    t.after(100).status(ReleasePhase.Paused, 50);

    assertThat(t.judge().violations()).isEmpty();
  }

  @Test
  void aStatusWrittenWithAnotherWeightThanTheRoutedOneIsFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 5, 5).pods("api", "green", 5, 5);
    t.after(5).route(50, true);
    t.after(100).message("step 3/4: 50%, waiting for a metric check");

    assertThat(t.judge().statusWeightMatchesRouting())
        .extracting(Violation::what)
        .contains(
            "status.release.canaryWeight is 10 but 50% of web goes to candidate slot green, as"
                + " written");
  }

  @Test
  void aStatusThatNeverCatchesUpWithTheRoutingIsFlagged() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 5, 5).pods("api", "green", 5, 5);
    t.after(5).route(50, true);
    t.after(6_000).pods("web", "blue", 10, 10); // anything later; the status is still at 10

    assertThat(t.judge().statusWeightMatchesRouting())
        .extracting(Violation::what)
        .anySatisfy(w -> assertThat(w).contains("is 10 but 50% of web").contains("still after"));
  }

  // ---- the report ----

  @Test
  void aFailureShowsTheViolationsAndTheTimelineAroundThem() {
    var t = Timeline.canaryAt(10);
    t.after(100).pods("web", "green", 5, 1).pods("api", "green", 5, 1);
    t.after(5).route(0, false);

    assertThatThrownBy(() -> t.judge().assertHolds())
        .hasMessageContaining("[candidate weight never decreases] ams: web")
        .hasMessageContaining("Timeline of ams")
        .hasMessageContaining("  > #");
  }

  // ---- building timelines ----

  /** One instance {@code ams}, built change by change; each change appends a snapshot. */
  private static final class Timeline {
    final List<RoutingSnapshot> snapshots = new ArrayList<>();
    Instant wall = Instant.parse("2026-06-01T10:00:00Z");
    final Map<String, Traffic.Route> routes = new TreeMap<>();
    final Map<String, SlotState> slots = new TreeMap<>();
    final Map<String, Autoscaler> hpas = new TreeMap<>();
    Release release;
    String candidate = "1.1.0";
    String startedAt = "2026-06-01T00:00:00Z";

    /** A canary at {@code weight} with the candidate sized and ready for it, routed by Istio. */
    static Timeline canaryAt(int weight) {
      var t = new Timeline();
      int candidatePods = Math.max(1, (10 * weight + 99) / 100);
      for (String c : Traffic.ROUTED) {
        t.pods(c, "blue", 10, 10).pods(c, "green", candidatePods, candidatePods);
      }
      return t.status(ReleasePhase.Progressing, weight).route(weight, true);
    }

    Timeline after(long millis) {
      wall = wall.plusMillis(millis);
      return this;
    }

    Timeline status(ReleasePhase phase, int weight) {
      return status(phase, weight, phase + " at " + weight + "%");
    }

    /** A status write that changes nothing but the message. */
    Timeline message(String message) {
      return status(release.phase(), release.canaryWeight(), message);
    }

    private Timeline status(ReleasePhase phase, int weight, String message) {
      boolean stable = phase == ReleasePhase.Stable;
      release =
          new Release(
              phase,
              "1.0.0",
              stable ? null : candidate,
              startedAt,
              0,
              stable ? null : weight,
              stable ? null : weight,
              stable ? null : Map.of("web", 10, "api", 10, "worker", 1),
              "blue",
              message);
      return snap("AmsInstance ams");
    }

    /** Both VirtualServices: {@code weight} on green, the rest on blue, a header route or not. */
    Timeline route(int weight, boolean header) {
      var weights = new TreeMap<String, Integer>();
      if (weight < 100) {
        weights.put("blue", 100 - weight);
      }
      if (weight > 0) {
        weights.put("green", weight);
      }
      for (String c : Traffic.ROUTED) {
        routes.put(c, new Traffic.Route(weights, header ? "green" : null));
      }
      return snap("VirtualService ams-web");
    }

    Timeline pods(String c, String slot, int replicas, int ready) {
      String version = slot.equals("blue") ? "1.0.0" : candidate;
      slots.put(c + "/" + slot, new SlotState(replicas, ready, replicas, version));
      return snap("Deployment ams-" + c + "-" + slot);
    }

    Timeline hpa(String c, String target, int min) {
      hpas.put(c, new Autoscaler(target, min, 20, min));
      return snap("HorizontalPodAutoscaler ams-" + c + "-hpa");
    }

    private Timeline snap(String cause) {
      snapshots.add(
          new RoutingSnapshot(
              snapshots.size() + 1, wall, "ams", cause, routes, slots, hpas, release));
      return this;
    }

    RoutingSnapshot last() {
      return snapshots.get(snapshots.size() - 1);
    }

    RoutingInvariants judge() {
      return judge(GRACE);
    }

    RoutingInvariants judge(Duration grace) {
      return new RoutingInvariants(snapshots, grace);
    }
  }
}
