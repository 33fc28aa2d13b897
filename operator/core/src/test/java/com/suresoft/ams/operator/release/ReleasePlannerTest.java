package com.suresoft.ams.operator.release;

import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Aborted;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Failed;
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
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The release planner as a table: (spec, status, observed slots and Jobs, tokens, now) -> next
 * state. Each row names what it checks; the invariants at the end hold over every row.
 */
class ReleasePlannerTest {

  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  static final String V1 = "1.0.0";
  static final String V2 = "1.1.0";
  static final String V3 = "1.2.0";

  /** Replicas of the specs below (no HPA unless a row says so). */
  static final Map<Component, Integer> TOTAL = Map.of(WEB, 3, API, 4, WORKER, 2);

  static final String CANARY =
      """
      strategy: Canary
      canary:
        trafficRouter: Nginx
        steps:
        - setWeight: 10
        - pause: {}
        - setWeight: 50
        - pause: {durationSeconds: 60}
      """;
  static final String CANARY_ISTIO = CANARY.replace("Nginx", "Istio");
  static final String CANARY_GATEWAY_API = CANARY.replace("Nginx", "GatewayAPI");
  static final String CANARY_ANALYSIS =
      CANARY
          + """
            analysis: {prometheusUrl: "http://prometheus:9090", intervalSeconds: 60, failureLimit: 2}
          """;
  static final String BLUE_GREEN = "strategy: BlueGreen\n";
  static final String BLUE_GREEN_AUTO =
      "strategy: BlueGreen\nblueGreen: {autoPromotionSeconds: 120}\n";
  static final String BLUE_GREEN_NO_PREVIEW =
      "strategy: BlueGreen\nblueGreen: {previewService: false}\n";
  static final String ROLLING = "strategy: RollingUpdate\n";

  /** One row: what is given and what the plan must show. */
  record Case(String name, Given given, Consumer<ReleasePlan> then) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The inputs of a row, built fluently. */
  record Given(
      String release,
      String version,
      boolean hpa,
      ReleaseStatus status,
      ObservedSlots slots,
      JobObservation migration,
      JobObservation smoke,
      Optional<AnalysisResult> analysis,
      Map<String, String> annotations,
      Instant now) {

    static Given release(String release, String version) {
      return new Given(
          release,
          version,
          false,
          null,
          ObservedSlots.NONE,
          JobObservation.ABSENT,
          JobObservation.ABSENT,
          Optional.empty(),
          Map.of(),
          T0);
    }

    Given autoscaledApi() {
      return new Given(
          release, version, true, status, slots, migration, smoke, analysis, annotations, now);
    }

    Given status(ReleaseStatus s) {
      return new Given(
          release, version, hpa, s, slots, migration, smoke, analysis, annotations, now);
    }

    Given slots(UnaryOperator<ObservedSlots> f) {
      return new Given(
          release,
          version,
          hpa,
          status,
          f.apply(slots),
          migration,
          smoke,
          analysis,
          annotations,
          now);
    }

    Given migration(JobState state, String attempt) {
      return new Given(
          release,
          version,
          hpa,
          status,
          slots,
          JobObservation.of(state, attempt),
          smoke,
          analysis,
          annotations,
          now);
    }

    Given smoke(JobState state, String attempt) {
      return new Given(
          release,
          version,
          hpa,
          status,
          slots,
          migration,
          JobObservation.of(state, attempt),
          analysis,
          annotations,
          now);
    }

    Given analysis(boolean passed) {
      return new Given(
          release,
          version,
          hpa,
          status,
          slots,
          migration,
          smoke,
          Optional.of(
              passed
                  ? AnalysisResult.passed("error rate 0.01")
                  : AnalysisResult.failed("error rate 0.30 > 0.05")),
          annotations,
          now);
    }

    Given annotate(Action a, String token) {
      var copy = new LinkedHashMap<>(annotations);
      copy.put(a.annotation(), token);
      return new Given(release, version, hpa, status, slots, migration, smoke, analysis, copy, now);
    }

    Given at(Duration after) {
      return new Given(
          release,
          version,
          hpa,
          status,
          slots,
          migration,
          smoke,
          analysis,
          annotations,
          T0.plus(after));
    }

    InstanceModel model() {
      String components =
          hpa
              ? "web: {replicas: 3}\napi: {autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 10}}\nworker: {replicas: 2}\n"
              : "web: {replicas: 3}\napi: {replicas: 4}\nworker: {replicas: 2}\n";
      String release = this.release.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
      var instance =
          TestInstances.withSpec(
              "ams",
              "tier: Development\nversion: \""
                  + version
                  + "\"\n"
                  + components
                  + "release:\n"
                  + release);
      return InstanceModel.of(instance);
    }

    ReleaseInputs inputs() {
      return new ReleaseInputs(
          model(), status, slots, migration, smoke, analysis, annotations, false, List.of(), now);
    }
  }

  // ---- status and observation helpers ----

  static ReleaseStatus stable(String version) {
    var s = new ReleaseStatus();
    s.setPhase(Stable);
    s.setStableVersion(version);
    s.setActiveSlot(blue);
    return s;
  }

  static ReleaseStatus release(String strategy, ReleasePhase phase, Integer step, Integer weight) {
    var s = stable(V1);
    s.setStrategy(strategy);
    s.setPhase(phase);
    s.setCandidateVersion(V2);
    s.setStartedAt(T0.minusSeconds(600).toString());
    s.setStepStartedAt(T0.toString());
    s.setStepIndex(step);
    s.setCanaryWeight(weight);
    s.setStepWeight(weight);
    return s;
  }

  static ReleaseStatus with(ReleaseStatus s, Consumer<ReleaseStatus> edit) {
    var copy = Planning.copy(s);
    edit.accept(copy);
    return copy;
  }

  /** Every component's blue slot runs V1 at full size, ready. */
  static ObservedSlots stableSlots(ObservedSlots o) {
    for (Component c : Component.APP_TIER) {
      o = o.with(c, blue, new SlotObservation(V1, TOTAL.get(c), TOTAL.get(c)));
    }
    return o;
  }

  /** The candidate slot runs {@code version} with these ready pods. */
  static UnaryOperator<ObservedSlots> candidate(String version, int web, int api, int worker) {
    return o ->
        stableSlots(o)
            .with(WEB, green, new SlotObservation(version, web, web))
            .with(API, green, new SlotObservation(version, api, api))
            .with(WORKER, green, new SlotObservation(version, worker, worker));
  }

  static final UnaryOperator<ObservedSlots> STABLE_ONLY = ReleasePlannerTest::stableSlots;

  // ---- plan helpers ----

  static Optional<SlotPlan> slot(ReleasePlan p, Component c, Slot slot) {
    return p.appTier().slots().stream()
        .filter(s -> s.component() == c && s.slot() == slot)
        .findFirst();
  }

  static Integer replicas(ReleasePlan p, Component c, Slot slot) {
    return slot(p, c, slot).map(SlotPlan::replicas).orElse(null);
  }

  static List<String> reasons(ReleasePlan p) {
    return p.events().stream().map(ReleaseEvent::reason).toList();
  }

  static Case row(String name, Given given, Consumer<ReleasePlan> then) {
    return new Case(name, given, then);
  }

  static Stream<Case> cases() {
    var rows = new ArrayList<Case>();

    // ---- Stable and first install ----
    rows.add(
        row(
            "stable: nothing to do, one slot, no events",
            Given.release(CANARY, V1).status(stable(V1)).slots(STABLE_ONLY),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Stable);
              assertThat(p.appTier().slots()).extracting(SlotPlan::slot).containsOnly(blue);
              assertThat(p.events()).isEmpty();
              assertThat(p.jobs()).isEmpty();
              assertThat(p.requeueAfter()).isEmpty();
              assertThat(p.status().getSummary()).isEqualTo("Stable");
            }));
    rows.add(
        row(
            "first install: migration first, no pod before it",
            Given.release(CANARY, V1),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Migrating);
              assertThat(p.appTier().slots()).isEmpty();
              assertThat(p.jobs())
                  .singleElement()
                  .satisfies(
                      j -> {
                        assertThat(j.kind()).isEqualTo(JobRequest.Kind.MIGRATION);
                        assertThat(j.name()).isEqualTo("ams-migrate-1-0-0");
                        assertThat(j.attempt()).isEqualTo(T0.toString());
                        assertThat(j.replaceExisting()).isFalse();
                      });
            }));
    rows.add(
        row(
            "first install: migrated -> Stable in blue",
            Given.release(CANARY, V1)
                .status(
                    with(
                        new ReleaseStatus(),
                        s -> {
                          s.setPhase(Migrating);
                          s.setCandidateVersion(V1);
                          s.setStartedAt(T0.toString());
                        }))
                .migration(JobState.SUCCEEDED, T0.toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Stable);
              assertThat(p.status().getStableVersion()).isEqualTo(V1);
              assertThat(p.appTier().slots())
                  .hasSize(3)
                  .allMatch(s -> s.slot() == blue && s.version().equals(V1));
              assertThat(reasons(p)).contains("Installed");
            }));
    rows.add(
        row(
            "first install: migration failed -> Failed, nothing runs",
            Given.release(CANARY, V1)
                .status(
                    with(
                        new ReleaseStatus(),
                        s -> {
                          s.setPhase(Migrating);
                          s.setCandidateVersion(V1);
                          s.setStartedAt(T0.toString());
                        }))
                .migration(JobState.FAILED, T0.toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Failed);
              assertThat(p.appTier().slots()).isEmpty();
              assertThat(reasons(p)).contains("MigrationFailed");
            }));

    // ---- start and migration gate ----
    rows.add(
        row(
            "new version starts a release: Migrating, candidate slot exists with 0 pods",
            Given.release(CANARY, V2).status(stable(V1)).slots(STABLE_ONLY),
            p -> {
              var s = p.status();
              assertThat(s.getPhase()).isEqualTo(Migrating);
              assertThat(s.getCandidateVersion()).isEqualTo(V2);
              assertThat(s.getStartedAt()).isEqualTo(T0.toString());
              assertThat(s.getStrategy()).isEqualTo("Canary");
              assertThat(s.getSummary()).isEqualTo("Migrating");
              assertThat(p.jobs())
                  .extracting(JobRequest::name)
                  .containsExactly("ams-migrate-1-1-0");
              assertThat(replicas(p, API, green)).isZero();
              assertThat(p.routing().candidateWeight()).isZero();
              assertThat(reasons(p)).containsExactly("ReleaseStarted");
            }));
    rows.add(
        row(
            "migration running: wait, Job kept",
            Given.release(CANARY, V2)
                .status(release("Canary", Migrating, 0, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.RUNNING, T0.minusSeconds(600).toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Migrating);
              assertThat(p.jobs()).singleElement().matches(j -> !j.replaceExisting());
              assertThat(p.events()).isEmpty();
            }));
    rows.add(
        row(
            "migration failed: release Failed, stable keeps serving, candidate at 0",
            Given.release(CANARY, V2)
                .status(release("Canary", Migrating, 0, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.FAILED, T0.minusSeconds(600).toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Failed);
              assertThat(p.status().getMessage()).contains("ams-migrate-1-1-0", "failed");
              assertThat(replicas(p, WEB, green)).isZero();
              assertThat(p.routing().candidateReceivesTraffic()).isFalse();
              assertThat(p.events())
                  .anyMatch(
                      e ->
                          e.type() == ReleaseEvent.Type.Warning
                              && e.reason().equals("MigrationFailed"));
            }));
    rows.add(
        row(
            "migration failed in an earlier attempt: replaced, not failed again",
            Given.release(CANARY, V2)
                .status(release("Canary", Migrating, 0, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.FAILED, "2024-12-31T00:00:00Z"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Migrating);
              assertThat(p.jobs()).singleElement().matches(JobRequest::replaceExisting);
            }));
    rows.add(
        row(
            "migration succeeded: step 1 scales the candidate to ceil(total x 10%), weight still 0",
            Given.release(CANARY, V2)
                .status(release("Canary", Migrating, 0, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.SUCCEEDED, T0.minusSeconds(600).toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getStepIndex()).isZero();
              assertThat(p.status().getCanaryWeight()).isZero();
              assertThat(replicas(p, WEB, green)).isEqualTo(1);
              assertThat(replicas(p, API, green)).isEqualTo(1);
              assertThat(replicas(p, WORKER, green)).isZero();
              assertThat(p.jobs()).isEmpty();
              assertThat(reasons(p)).containsExactly("MigrationSucceeded", "CandidateStarting");
            }));
    rows.add(
        row(
            "migration disabled: no Job, straight to the first step",
            Given.release(CANARY + "migration: {enabled: false}\n", V2)
                .status(stable(V1))
                .slots(STABLE_ONLY),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.jobs()).isEmpty();
            }));

    // ---- Canary steps ----
    rows.add(
        row(
            "canary: candidate ready for 10% -> weight 10, then the pause without duration",
            Given.release(CANARY, V2)
                .status(release("Canary", Progressing, 0, 0))
                .slots(candidate(V2, 1, 1, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.status().getStepIndex()).isEqualTo(1);
              assertThat(p.status().getCanaryWeight()).isEqualTo(10);
              assertThat(p.status().getSummary()).isEqualTo("Canary 10% paused");
              assertThat(p.routing().candidateWeight()).isEqualTo(10);
              assertThat(p.routing().headerRoute()).isTrue();
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              assertThat(p.requeueAfter()).isEmpty();
              assertThat(reasons(p)).containsExactly("CanaryWeight", "CanaryPaused");
            }));
    rows.add(
        row(
            "canary: candidate not ready -> weight stays 0, nothing routed to it",
            Given.release(CANARY, V2)
                .status(release("Canary", Progressing, 0, 0))
                .slots(candidate(V2, 0, 1, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getCanaryWeight()).isZero();
              assertThat(p.routing().candidateReceivesTraffic()).isFalse();
              assertThat(p.status().getSummary()).isEqualTo("Canary 0%");
            }));
    rows.add(
        row(
            "canary: pause without duration waits for promote",
            Given.release(CANARY, V2)
                .status(release("Canary", Paused, 1, 10))
                .slots(candidate(V2, 1, 1, 0))
                .at(Duration.ofDays(3)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.status().getStepIndex()).isEqualTo(1);
              assertThat(p.requeueAfter()).isEmpty();
            }));
    rows.add(
        row(
            "canary: promote token ends the pause; 50% waits for 2 web / 2 api pods",
            Given.release(CANARY, V2)
                .status(release("Canary", Paused, 1, 10))
                .slots(candidate(V2, 1, 1, 0))
                .annotate(Action.PROMOTE, "t1"),
            p -> {
              assertThat(p.status().getStepIndex()).isEqualTo(2);
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getCanaryWeight()).isEqualTo(10);
              assertThat(replicas(p, WEB, green)).isEqualTo(2);
              assertThat(replicas(p, API, green)).isEqualTo(2);
              assertThat(p.status().getHandledActions()).containsEntry("promote", "t1");
              assertThat(reasons(p)).contains("Promoted");
            }));
    rows.add(
        row(
            "canary: a token already handled is ignored",
            Given.release(CANARY, V2)
                .status(
                    with(
                        release("Canary", Paused, 1, 10),
                        s -> s.setHandledActions(Map.of("promote", "t1"))))
                .slots(candidate(V2, 1, 1, 0))
                .annotate(Action.PROMOTE, "t1"),
            p -> {
              assertThat(p.status().getStepIndex()).isEqualTo(1);
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.events()).isEmpty();
            }));
    rows.add(
        row(
            "canary: 50% ready -> weight 50, then a 60 s pause (requeue 60 s)",
            Given.release(CANARY, V2)
                .status(release("Canary", Progressing, 2, 10))
                .slots(candidate(V2, 2, 2, 0)),
            p -> {
              assertThat(p.status().getCanaryWeight()).isEqualTo(50);
              assertThat(p.status().getStepIndex()).isEqualTo(3);
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.status().getStepStartedAt()).isEqualTo(T0.toString());
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(60));
              assertThat(replicas(p, API, blue)).isEqualTo(4);
            }));
    rows.add(
        row(
            "canary: timed pause not over -> requeue for the rest",
            Given.release(CANARY, V2)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0))
                .at(Duration.ofSeconds(20)),
            p -> {
              assertThat(p.status().getStepIndex()).isEqualTo(3);
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(40));
            }));
    rows.add(
        row(
            "canary: timed pause over -> full promotion scales everything, worker included",
            Given.release(CANARY, V2)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0))
                .at(Duration.ofSeconds(60)),
            p -> {
              assertThat(p.status().getStepIndex()).isEqualTo(4);
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getCanaryWeight()).isEqualTo(50);
              assertThat(replicas(p, WEB, green)).isEqualTo(3);
              assertThat(replicas(p, API, green)).isEqualTo(4);
              assertThat(replicas(p, WORKER, green)).isEqualTo(2);
              assertThat(replicas(p, WORKER, blue)).isEqualTo(2);
              assertThat(reasons(p)).contains("PauseEnded");
            }));
    rows.add(
        row(
            "canary: full size ready -> 100%, Promoting, scale-down delay 30 s",
            Given.release(CANARY, V2)
                .status(release("Canary", Progressing, 4, 50))
                .slots(candidate(V2, 3, 4, 2)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Promoting);
              assertThat(p.status().getCanaryWeight()).isEqualTo(100);
              assertThat(p.routing().serviceSlot()).isEqualTo(green);
              assertThat(p.routing().candidateWeight()).isEqualTo(100);
              assertThat(p.appTier().activeSlot()).isEqualTo(green);
              assertThat(replicas(p, API, blue)).isEqualTo(4);
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(30));
              assertThat(reasons(p)).contains("FullyPromoted");
            }));
    rows.add(
        row(
            "canary istio: Services select both slots; weights carry the split",
            Given.release(CANARY_ISTIO, V2)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0))
                .at(Duration.ofSeconds(10)),
            p -> {
              assertThat(p.routing().serviceSlot()).isNull();
              assertThat(p.routing().router()).hasToString("Istio");
              assertThat(p.routing().candidateWeight()).isEqualTo(50);
            }));
    rows.add(
        row(
            "canary gatewayAPI: Services (and the route's -stable ones) on the stable slot; the"
                + " route's weights carry the split",
            Given.release(CANARY_GATEWAY_API, V2)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0))
                .at(Duration.ofSeconds(10)),
            p -> {
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              assertThat(p.routing().router()).hasToString("GatewayAPI");
              assertThat(p.routing().candidateSlot()).isEqualTo(green);
              assertThat(p.routing().candidateWeight()).isEqualTo(50);
              assertThat(p.routing().headerRoute()).isTrue();
            }));
    rows.add(
        row(
            "promoting: delay running -> old slot kept at full size, new worker ready so old worker 0",
            Given.release(CANARY, V2)
                .status(release("Canary", Promoting, 4, 100))
                .slots(candidate(V2, 3, 4, 2))
                .at(Duration.ofSeconds(10)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Promoting);
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(20));
              assertThat(replicas(p, WEB, blue)).isEqualTo(3);
              assertThat(replicas(p, WORKER, blue)).isZero();
              assertThat(replicas(p, WORKER, green)).isEqualTo(2);
            }));
    rows.add(
        row(
            "promoting: delay over -> Stable in green, old slot gone",
            Given.release(CANARY, V2)
                .status(release("Canary", Promoting, 4, 100))
                .slots(candidate(V2, 3, 4, 2))
                .at(Duration.ofSeconds(30)),
            p -> {
              var s = p.status();
              assertThat(s.getPhase()).isEqualTo(Stable);
              assertThat(s.getActiveSlot()).isEqualTo(green);
              assertThat(s.getStableVersion()).isEqualTo(V2);
              assertThat(s.getCandidateVersion()).isNull();
              assertThat(p.appTier().slots())
                  .allMatch(sl -> sl.slot() == green && sl.version().equals(V2));
              assertThat(reasons(p)).containsExactly("Released");
            }));
    rows.add(
        row(
            "canary: promote-full skips every remaining step",
            Given.release(CANARY, V2)
                .status(release("Canary", Paused, 1, 10))
                .slots(candidate(V2, 1, 1, 0))
                .annotate(Action.PROMOTE_FULL, "f1"),
            p -> {
              assertThat(p.status().getStepIndex()).isEqualTo(4);
              assertThat(p.status().getCanaryWeight()).isEqualTo(10);
              assertThat(replicas(p, WORKER, green)).isEqualTo(2);
              assertThat(reasons(p)).contains("PromotedFull");
            }));
    rows.add(
        row(
            "canary: abort -> 0% at once, candidate keeps its pods while routes drain",
            Given.release(CANARY, V2)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0))
                .annotate(Action.ABORT, "a1"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Aborted);
              assertThat(p.status().getCanaryWeight()).isZero();
              assertThat(p.routing().candidateReceivesTraffic()).isFalse();
              assertThat(p.routing().candidateSlot()).as("no canary objects").isNull();
              assertThat(replicas(p, WEB, green)).isEqualTo(2);
              assertThat(replicas(p, API, green)).isEqualTo(2);
              assertThat(p.status().getScaleDownAt()).isEqualTo(T0.plusSeconds(30).toString());
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(30));
              assertThat(p.status().getSummary()).isEqualTo("Aborted");
            }));
    rows.add(
        row(
            "aborted: after abortScaleDownDelaySeconds the candidate scales to 0",
            Given.release(CANARY, V2)
                .status(
                    with(
                        release("Canary", Aborted, 3, 0),
                        s -> s.setScaleDownAt(T0.plusSeconds(30).toString())))
                .slots(candidate(V2, 2, 2, 0))
                .at(Duration.ofSeconds(30)),
            p -> {
              assertThat(replicas(p, WEB, green)).isZero();
              assertThat(replicas(p, API, green)).isZero();
              assertThat(p.status().getScaleDownAt()).isNull();
            }));
    rows.add(
        row(
            "promoting: abort rolls back to the old slot by selector",
            Given.release(CANARY, V2)
                .status(release("Canary", Promoting, 4, 100))
                .slots(candidate(V2, 3, 4, 2))
                .annotate(Action.ABORT, "a1")
                .at(Duration.ofSeconds(5)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Aborted);
              assertThat(p.status().getActiveSlot()).isEqualTo(blue);
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              assertThat(p.routing().candidateWeight()).isZero();
              // The rolled-back slot keeps its web and API pods while routes drain; its worker,
              // which no route reaches, stops at once.
              assertThat(replicas(p, API, green)).isEqualTo(4);
              assertThat(replicas(p, WORKER, green)).isZero();
              assertThat(replicas(p, WORKER, blue)).isEqualTo(2);
            }));
    rows.add(
        row(
            "aborted: retry restarts at step 1 (migration already done for this version)",
            Given.release(CANARY, V2)
                .status(release("Canary", Aborted, 3, 0))
                .slots(candidate(V2, 0, 0, 0))
                .migration(JobState.SUCCEEDED, "2024-12-31T00:00:00Z")
                .annotate(Action.RETRY, "r1"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getStepIndex()).isZero();
              assertThat(p.status().getStartedAt()).isEqualTo(T0.toString());
              assertThat(p.jobs()).isEmpty();
              assertThat(reasons(p)).contains("Retrying");
            }));
    rows.add(
        row(
            "aborted: the same retry token again does nothing",
            Given.release(CANARY, V2)
                .status(
                    with(
                        release("Canary", Aborted, 3, 0),
                        s -> s.setHandledActions(Map.of("retry", "r1"))))
                .slots(candidate(V2, 0, 0, 0))
                .annotate(Action.RETRY, "r1"),
            p -> assertThat(p.status().getPhase()).isEqualTo(Aborted)));
    rows.add(
        row(
            "failed migration: retry runs the Job again (replaced)",
            Given.release(CANARY, V2)
                .status(release("Canary", Failed, 0, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.FAILED, T0.minusSeconds(600).toString())
                .annotate(Action.RETRY, "r2"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Migrating);
              assertThat(p.jobs()).singleElement().matches(JobRequest::replaceExisting);
            }));
    rows.add(
        row(
            "stable: an abort token means nothing and is recorded as handled",
            Given.release(CANARY, V1)
                .status(stable(V1))
                .slots(STABLE_ONLY)
                .annotate(Action.ABORT, "a9"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Stable);
              assertThat(p.status().getHandledActions()).containsEntry("abort", "a9");
              assertThat(reasons(p)).containsExactly("ActionIgnored");
            }));

    // ---- version changes ----
    rows.add(
        row(
            "new version mid-canary replaces the candidate: 0%, its own migration, step 1",
            Given.release(CANARY, V3)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0)),
            p -> {
              var s = p.status();
              assertThat(s.getPhase()).isEqualTo(Migrating);
              assertThat(s.getCandidateVersion()).isEqualTo(V3);
              assertThat(s.getCanaryWeight()).isZero();
              assertThat(s.getStepIndex()).isZero();
              assertThat(p.routing().candidateReceivesTraffic()).isFalse();
              assertThat(p.jobs())
                  .extracting(JobRequest::name)
                  .containsExactly("ams-migrate-1-2-0");
              // The replaced candidate's pods drain before the slot takes the new version.
              assertThat(slot(p, API, green))
                  .hasValueSatisfying(
                      sl -> {
                        assertThat(sl.version()).isEqualTo(V2);
                        assertThat(sl.replicas()).isEqualTo(2);
                      });
              assertThat(reasons(p)).containsExactly("ReleaseSuperseded");
            }));
    rows.add(
        row(
            "replaced candidate drained: the slot takes the new version at 0 pods until migrated",
            Given.release(CANARY, V3)
                .status(
                    with(
                        release("Canary", Migrating, 0, 0),
                        s -> {
                          s.setCandidateVersion(V3);
                          s.setScaleDownAt(T0.toString());
                        }))
                .slots(candidate(V2, 2, 2, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Migrating);
              assertThat(slot(p, API, green))
                  .hasValueSatisfying(
                      sl -> {
                        assertThat(sl.version()).isEqualTo(V3);
                        assertThat(sl.replicas()).isZero();
                      });
            }));
    rows.add(
        row(
            "version set back to stable mid-release: candidate removed, Stable",
            Given.release(CANARY, V1)
                .status(release("Canary", Paused, 3, 50))
                .slots(candidate(V2, 2, 2, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Stable);
              assertThat(p.status().getCandidateVersion()).isNull();
              assertThat(p.routing().candidateSlot()).isNull();
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              // The candidate's pods drain, then its slot goes.
              assertThat(replicas(p, WEB, green)).isEqualTo(2);
              assertThat(p.status().getScaleDownAt()).isEqualTo(T0.plusSeconds(30).toString());
              assertThat(reasons(p)).containsExactly("ReleaseCancelled");
            }));
    rows.add(
        row(
            "new version while promoting: promotion completes, next release starts from green",
            Given.release(CANARY, V3)
                .status(release("Canary", Promoting, 4, 100))
                .slots(candidate(V2, 3, 4, 2))
                .at(Duration.ofSeconds(5)),
            p -> {
              var s = p.status();
              assertThat(s.getActiveSlot()).isEqualTo(green);
              assertThat(s.getStableVersion()).isEqualTo(V2);
              assertThat(s.getCandidateVersion()).isEqualTo(V3);
              assertThat(s.getPhase()).isEqualTo(Migrating);
              assertThat(reasons(p)).containsExactly("Released", "ReleaseStarted");
            }));
    rows.add(
        row(
            "failed release: a new version starts over",
            Given.release(CANARY, V3).status(release("Canary", Failed, 0, 0)).slots(STABLE_ONLY),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Migrating);
              assertThat(p.status().getCandidateVersion()).isEqualTo(V3);
            }));

    // ---- analysis ----
    rows.add(
        row(
            "analysis: weight applied, waiting one interval for a check",
            Given.release(CANARY_ANALYSIS, V2)
                .status(release("Canary", Progressing, 0, 0))
                .slots(candidate(V2, 1, 1, 0)),
            p -> {
              assertThat(p.status().getCanaryWeight()).isEqualTo(10);
              assertThat(p.status().getStepIndex()).isZero();
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(60));
            }));
    rows.add(
        row(
            "analysis: a passing check completes the weight step",
            Given.release(CANARY_ANALYSIS, V2)
                .status(release("Canary", Progressing, 0, 10))
                .slots(candidate(V2, 1, 1, 0))
                .analysis(true)
                .at(Duration.ofSeconds(60)),
            p -> {
              assertThat(p.status().getStepIndex()).isEqualTo(1);
              assertThat(p.status().getLastAnalysisPassed()).isTrue();
              assertThat(p.status().getAnalysisFailures()).isNull();
            }));
    rows.add(
        row(
            "analysis: a failure within failureLimit holds the step and counts",
            Given.release(CANARY_ANALYSIS, V2)
                .status(release("Canary", Progressing, 0, 10))
                .slots(candidate(V2, 1, 1, 0))
                .analysis(false)
                .at(Duration.ofSeconds(60)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getStepIndex()).isZero();
              assertThat(p.status().getAnalysisFailures()).isEqualTo(1);
              assertThat(p.status().getCanaryWeight()).isEqualTo(10);
              assertThat(reasons(p)).containsExactly("AnalysisFailed");
            }));
    rows.add(
        row(
            "analysis: failureLimit + 1 failures abort",
            Given.release(CANARY_ANALYSIS, V2)
                .status(with(release("Canary", Paused, 1, 10), s -> s.setAnalysisFailures(2)))
                .slots(candidate(V2, 1, 1, 0))
                .analysis(false)
                .at(Duration.ofSeconds(60)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Aborted);
              assertThat(p.status().getAnalysisFailures()).isEqualTo(3);
              assertThat(p.status().getMessage()).contains("analysis failed 3 times");
              assertThat(p.routing().candidateWeight()).isZero();
            }));

    // ---- HPA ----
    rows.add(
        row(
            "hpa: candidate follows the HPA's count (6 x 50% = 3), stable left to the HPA",
            Given.release(CANARY, V2)
                .autoscaledApi()
                .status(release("Canary", Progressing, 2, 10))
                .slots(o -> candidate(V2, 1, 1, 0).apply(o).withHpa(API, 6)),
            p -> {
              assertThat(replicas(p, API, green)).isEqualTo(3);
              assertThat(replicas(p, API, blue)).isNull();
              assertThat(p.status().getCanaryWeight()).isEqualTo(10);
            }));

    // ---- BlueGreen ----
    rows.add(
        row(
            "blue-green: migrated -> candidate at full size behind the preview, worker 0",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Migrating, null, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.SUCCEEDED, T0.toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(replicas(p, WEB, green)).isEqualTo(3);
              assertThat(replicas(p, API, green)).isEqualTo(4);
              assertThat(replicas(p, WORKER, green)).isZero();
              assertThat(p.routing().previewSlot()).isEqualTo(green);
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              assertThat(p.status().getSummary()).isEqualTo("BlueGreen starting");
            }));
    rows.add(
        row(
            "blue-green: candidate ready -> smoke check Job against the preview",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 3, 4, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.jobs())
                  .singleElement()
                  .satisfies(
                      j -> {
                        assertThat(j.kind()).isEqualTo(JobRequest.Kind.SMOKE_CHECK);
                        assertThat(j.name()).isEqualTo("ams-smoke-1-1-0");
                      });
            }));
    rows.add(
        row(
            "blue-green: smoke check failed -> Failed, candidate drains then goes to 0",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 3, 4, 0))
                .smoke(JobState.FAILED, T0.minusSeconds(600).toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Failed);
              assertThat(replicas(p, API, green)).isEqualTo(4);
              assertThat(p.status().getScaleDownAt()).isEqualTo(T0.plusSeconds(30).toString());
              assertThat(p.routing().previewSlot()).isNull();
              assertThat(reasons(p)).containsExactly("SmokeCheckFailed");
            }));
    rows.add(
        row(
            "blue-green: smoke check of an earlier attempt is replaced",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 3, 4, 0))
                .smoke(JobState.FAILED, "2024-12-31T00:00:00Z"),
            p -> assertThat(p.jobs()).singleElement().matches(JobRequest::replaceExisting)));
    rows.add(
        row(
            "blue-green: smoke passed -> preview, waits for promote",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 3, 4, 0))
                .smoke(JobState.SUCCEEDED, T0.minusSeconds(600).toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.status().getSummary()).isEqualTo("BlueGreen preview");
              assertThat(p.requeueAfter()).isEmpty();
              assertThat(reasons(p)).containsExactly("PreviewReady");
            }));
    rows.add(
        row(
            "blue-green: no preview Services -> no smoke check, straight to preview",
            Given.release(BLUE_GREEN_NO_PREVIEW, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 3, 4, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.jobs()).isEmpty();
              assertThat(p.routing().previewSlot()).isNull();
            }));
    rows.add(
        row(
            "blue-green: auto-promotion not due -> requeue for the rest",
            Given.release(BLUE_GREEN_AUTO, V2)
                .status(release("BlueGreen", Paused, null, 0))
                .slots(candidate(V2, 3, 4, 0))
                .at(Duration.ofSeconds(50)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(70));
            }));
    rows.add(
        row(
            "blue-green: auto-promotion due -> Services switch to green, scale-down delay",
            Given.release(BLUE_GREEN_AUTO, V2)
                .status(release("BlueGreen", Paused, null, 0))
                .slots(candidate(V2, 3, 4, 0))
                .at(Duration.ofSeconds(120)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Promoting);
              assertThat(p.routing().serviceSlot()).isEqualTo(green);
              assertThat(replicas(p, WORKER, green)).isEqualTo(2);
              assertThat(replicas(p, WORKER, blue)).isEqualTo(2);
              assertThat(p.requeueAfter()).contains(Duration.ofSeconds(30));
            }));
    rows.add(
        row(
            "blue-green: promote token in preview promotes",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Paused, null, 0))
                .slots(candidate(V2, 3, 4, 0))
                .annotate(Action.PROMOTE, "p7"),
            p -> assertThat(p.status().getPhase()).isEqualTo(Promoting)));
    rows.add(
        row(
            "blue-green: promote before the preview is ready waits, and is kept",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 1, 4, 0))
                .annotate(Action.PROMOTE, "p8"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.status().getHandledActions()).containsEntry("promote", "p8");
              assertThat(p.status().getPromotionRequested()).isTrue();
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              assertThat(reasons(p)).containsExactly("PromotionWaiting");
            }));
    rows.add(
        row(
            "blue-green: promote in the preview with the candidate's API unready waits, says why",
            Given.release(BLUE_GREEN, V2)
                .status(release("BlueGreen", Paused, null, 0))
                .slots(candidate(V2, 3, 0, 0))
                .annotate(Action.PROMOTE, "p9"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Paused);
              assertThat(p.status().getPromotionRequested()).isTrue();
              assertThat(p.routing().serviceSlot()).isEqualTo(blue);
              assertThat(p.status().getMessage()).contains("api 0/4 ready");
              assertThat(p.status().getWaitingSince()).isEqualTo(T0.toString());
              assertThat(reasons(p)).containsExactly("PromotionWaiting");
            }));
    rows.add(
        row(
            "blue-green: a kept promote switches once the candidate is ready at full size",
            Given.release(BLUE_GREEN, V2)
                .status(
                    with(
                        release("BlueGreen", Paused, null, 0),
                        s -> {
                          s.setPromotionRequested(true);
                          s.setWaitingSince(T0.minusSeconds(20).toString());
                        }))
                .slots(candidate(V2, 3, 4, 0)),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Promoting);
              assertThat(p.status().getPromotionRequested()).isNull();
              // Promoting is a step of its own: its deadline counts from now (the worker starts).
              assertThat(p.status().getWaitingSince()).isEqualTo(T0.toString());
              assertThat(p.routing().serviceSlot()).isEqualTo(green);
              assertThat(reasons(p)).containsExactly("Promoted");
            }));
    rows.add(
        row(
            "blue-green: strategy fixed at start; a spec edit to Canary waits for the next release",
            Given.release(CANARY, V2)
                .status(release("BlueGreen", Progressing, null, 0))
                .slots(candidate(V2, 1, 4, 0)),
            p -> {
              assertThat(p.status().getStrategy()).isEqualTo("BlueGreen");
              assertThat(replicas(p, WEB, green)).isEqualTo(3);
            }));

    // ---- RollingUpdate ----
    rows.add(
        row(
            "rolling: migrated -> the active slot runs the new version in place",
            Given.release(ROLLING, V2)
                .status(release("RollingUpdate", Migrating, null, 0))
                .slots(STABLE_ONLY)
                .migration(JobState.SUCCEEDED, T0.toString()),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Progressing);
              assertThat(p.appTier().slots())
                  .hasSize(3)
                  .allMatch(sl -> sl.slot() == blue && sl.version().equals(V2));
              assertThat(p.status().getSummary()).isEqualTo("RollingUpdate");
            }));
    rows.add(
        row(
            "rolling: every component updated and ready -> Stable",
            Given.release(ROLLING, V2)
                .status(release("RollingUpdate", Progressing, null, 0))
                .slots(
                    o -> {
                      for (Component c : Component.APP_TIER) {
                        o = o.with(c, blue, new SlotObservation(V2, TOTAL.get(c), TOTAL.get(c)));
                      }
                      return o;
                    }),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Stable);
              assertThat(p.status().getStableVersion()).isEqualTo(V2);
              assertThat(p.status().getActiveSlot()).isEqualTo(blue);
            }));
    rows.add(
        row(
            "rolling: abort puts the stable version back in place",
            Given.release(ROLLING, V2)
                .status(release("RollingUpdate", Progressing, null, 0))
                .slots(STABLE_ONLY)
                .annotate(Action.ABORT, "a2"),
            p -> {
              assertThat(p.status().getPhase()).isEqualTo(Aborted);
              assertThat(p.appTier().slots())
                  .allMatch(sl -> sl.slot() == blue && sl.version().equals(V1));
            }));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planMatchesTheTable(Case c) {
    c.then().accept(ReleasePlanner.plan(c.given().inputs()));
  }

  // ---- invariants over every row ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void neverRoutesUserTrafficToAnUnreadySlot(Case c) {
    var given = c.given();
    var p = ReleasePlanner.plan(given.inputs());
    var r = p.routing();
    if (!r.candidateReceivesTraffic()) {
      return;
    }
    String version = p.status().getCandidateVersion();
    for (Component comp : List.of(WEB, API)) {
      assertThat(given.slots().get(comp, r.candidateSlot()))
          .as("%s candidate slot routed", comp)
          .hasValueSatisfying(
              o -> {
                assertThat(o.version()).isEqualTo(version);
                assertThat(o.readyReplicas()).isPositive();
              });
    }
    int weight = r.candidateWeight();
    if (weight > 0 && weight < 100) {
      // ...and with the pods the weight needs.
      int apiTotal = given.hpa() ? given.slots().hpaReplicas(API).orElse(2) : TOTAL.get(API);
      assertThat(given.slots().get(API, r.candidateSlot()).orElseThrow().readyReplicas())
          .isGreaterThanOrEqualTo((int) Math.ceil(apiTotal * weight / 100.0));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stableNeverBelowItsShareBeforeFullPromotion(Case c) {
    var p = ReleasePlanner.plan(c.given().inputs());
    var s = p.status();
    if (s.getStableVersion() == null || s.getPhase() == Promoting) {
      return;
    }
    for (SlotPlan slot : p.appTier().slots()) {
      if (slot.slot() == s.getActiveSlot()) {
        assertThat(slot.version()).isIn(s.getStableVersion(), s.getCandidateVersion());
        if (slot.replicas() != null) {
          assertThat(slot.replicas())
              .as(slot.toString())
              .isGreaterThanOrEqualTo(TOTAL.get(slot.component()));
        }
      }
    }
    assertThat(p.appTier().activeSlot()).isEqualTo(s.getActiveSlot());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyTokenIsRecordedAndEveryStateSummarised(Case c) {
    var p = ReleasePlanner.plan(c.given().inputs());
    c.given()
        .annotations()
        .forEach(
            (annotation, token) ->
                assertThat(p.status().getHandledActions())
                    .containsEntry(annotation.substring(Action.PREFIX.length()), token));
    assertThat(p.status().getSummary()).isNotBlank();
    assertThat(p.status().getPhase()).isNotNull();
    assertThat(p.events()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trafficNeverMovesBackwardsExceptToStable(Case c) {
    var before = c.given().status();
    var p = ReleasePlanner.plan(c.given().inputs());
    var after = p.status();
    if (before == null || before.getCanaryWeight() == null || after.getCanaryWeight() == null) {
      return;
    }
    boolean sameCandidate =
        java.util.Objects.equals(before.getCandidateVersion(), after.getCandidateVersion());
    boolean restarted = !java.util.Objects.equals(before.getStartedAt(), after.getStartedAt());
    if (sameCandidate && !restarted && after.getPhase() != Aborted && after.getPhase() != Failed) {
      assertThat(after.getCanaryWeight()).isGreaterThanOrEqualTo(before.getCanaryWeight());
    }
    if (after.getPhase() == Aborted || after.getPhase() == Failed) {
      assertThat(p.routing().candidateReceivesTraffic()).isFalse();
      // The candidate keeps at most the pods it has while routes drain; none after.
      boolean draining = after.getScaleDownAt() != null;
      p.appTier().slots().stream()
          .filter(sl -> sl.slot() != after.getActiveSlot())
          .forEach(
              sl -> {
                int running =
                    c.given()
                        .slots()
                        .get(sl.component(), sl.slot())
                        .map(SlotObservation::desiredReplicas)
                        .orElse(0);
                // The worker never drains: no route reaches it.
                boolean drains = draining && sl.component() != WORKER;
                assertThat(sl.replicas()).as(sl.toString()).isEqualTo(drains ? running : 0);
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planningTheSameInputsTwiceGivesTheSamePlan(Case c) {
    var a = ReleasePlanner.plan(c.given().inputs());
    var b = ReleasePlanner.plan(c.given().inputs());
    assertThat(a.appTier()).isEqualTo(b.appTier());
    assertThat(a.routing()).isEqualTo(b.routing());
    assertThat(a.jobs()).isEqualTo(b.jobs());
    assertThat(a.events()).isEqualTo(b.events());
  }

  /** Restart safety: feeding a plan's status back with the same observations changes nothing. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void replanningFromTheNewStatusIsStableOrOnlyWaits(Case c) {
    var g = c.given();
    var first = ReleasePlanner.plan(g.inputs());
    var second =
        ReleasePlanner.plan(
            new ReleaseInputs(
                g.model(),
                first.status(),
                g.slots(),
                g.migration(),
                g.smoke(),
                Optional.empty(),
                g.annotations(),
                false,
                List.of(),
                g.now()));
    assertThat(second.status().getHandledActions()).isEqualTo(first.status().getHandledActions());
    assertThat(second.events())
        .noneMatch(e -> e.reason().startsWith("Promoted") || e.reason().equals("Retrying"));
    if (second.status().getPhase() == first.status().getPhase()
        && java.util.Objects.equals(
            second.status().getCandidateVersion(), first.status().getCandidateVersion())) {
      assertThat(second.status().getCanaryWeight()).isEqualTo(first.status().getCanaryWeight());
    }
  }

  @Test
  void analysisIsDueOneIntervalAfterTheWeightOrTheLastCheck() {
    var model = Given.release(CANARY_ANALYSIS, V2).model();
    var s = release("Canary", Progressing, 0, 10);
    assertThat(ReleasePlanner.analysisDue(model, s, T0.plusSeconds(59))).isFalse();
    assertThat(ReleasePlanner.analysisDue(model, s, T0.plusSeconds(60))).isTrue();
    s.setLastAnalysisAt(T0.plusSeconds(60).toString());
    assertThat(ReleasePlanner.analysisDue(model, s, T0.plusSeconds(100))).isFalse();
    assertThat(ReleasePlanner.analysisDue(model, s, T0.plusSeconds(120))).isTrue();
    // No traffic on the candidate, or no analysis configured: nothing to check.
    assertThat(
            ReleasePlanner.analysisDue(
                model, release("Canary", Progressing, 0, 0), T0.plusSeconds(600)))
        .isFalse();
    assertThat(
            ReleasePlanner.analysisDue(Given.release(CANARY, V2).model(), s, T0.plusSeconds(600)))
        .isFalse();
  }

  @Test
  void aWholeCanaryWalkedStepByStepEndsStableInTheOtherSlot() {
    // The rows above, chained: each plan's status is the next input, and the cluster has done
    // what the previous plan said (its Deployments exist and are ready).
    var g = Given.release(CANARY, V2).migration(JobState.SUCCEEDED, "x");
    ReleaseStatus status = stable(V1);
    ObservedSlots observed = stableSlots(ObservedSlots.NONE);
    Instant now = T0;
    var weights = new ArrayList<Integer>();
    var summaries = new ArrayList<String>();
    for (int i = 0; i < 20 && !(i > 0 && status.getPhase() == Stable); i++) {
      var annotations =
          status.getPhase() == Paused && status.getStepIndex() == 1
              ? Map.of(Action.PROMOTE.annotation(), "walk")
              : Map.<String, String>of();
      var p =
          ReleasePlanner.plan(
              new ReleaseInputs(
                  g.model(),
                  status,
                  observed,
                  g.migration(),
                  g.smoke(),
                  Optional.empty(),
                  annotations,
                  false,
                  List.of(),
                  now));
      status = p.status();
      observed = followed(p.appTier());
      weights.add(status.getCanaryWeight());
      summaries.add(status.getSummary());
      now = now.plus(p.requeueAfter().orElse(Duration.ofSeconds(1)));
    }
    assertThat(status.getPhase()).isEqualTo(Stable);
    assertThat(status.getActiveSlot()).isEqualTo(green);
    assertThat(status.getStableVersion()).isEqualTo(V2);
    assertThat(summaries).contains("Canary 10% paused", "Canary 50% paused", "Promoting");
    assertThat(weights.stream().filter(w -> w != null).toList()).isSorted();
  }

  /** The app tier once the Deployments of {@code plan} exist and are ready. */
  private static ObservedSlots followed(AppTierPlan plan) {
    ObservedSlots o = ObservedSlots.NONE;
    for (SlotPlan sl : plan.slots()) {
      int r = sl.replicas() == null ? TOTAL.get(sl.component()) : sl.replicas();
      o = o.with(sl.component(), sl.slot(), new SlotObservation(sl.version(), r, r));
    }
    return o;
  }
}
