package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private static AmsInstance instance(String version) {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"" + version + "\"\n");
    i.getMetadata().setGeneration(1L);
    return i;
  }

  private static Map<Component, ComponentObservation> all(int ready, String version) {
    var m = new LinkedHashMap<Component, ComponentObservation>();
    for (var c : Component.APP_TIER) {
      m.put(c, new ComponentObservation(new WorkloadReadiness(ready, 1, true), version));
    }
    return m;
  }

  /** What the planner reports once {@code version} is installed and nothing is under way. */
  private static ReleaseStatus stable(String version) {
    var r = new ReleaseStatus();
    r.setStableVersion(version);
    r.setPhase(ReleasePhase.Stable);
    r.setActiveSlot(Slot.blue);
    r.setSummary("Stable");
    return r;
  }

  private static ReleaseStatus release(
      String stable, String candidate, ReleasePhase phase, String message) {
    var r = new ReleaseStatus();
    r.setStableVersion(stable);
    r.setCandidateVersion(candidate);
    r.setPhase(phase);
    r.setActiveSlot(Slot.blue);
    r.setMessage(message);
    return r;
  }

  private static Observation seen(Map<Component, ComponentObservation> c, ReleaseStatus release) {
    return new Observation(List.of(), false, c, List.of(), List.of(), release, null);
  }

  private static String condition(AmsInstanceStatus s, String type) {
    var c = Conditions.find(s.getConditions(), type).orElseThrow();
    return c.getStatus() + "/" + c.getReason();
  }

  @Test
  void provisioningThenReadyThenDegraded() {
    var i = instance("1.0.0");
    var migrating = release(null, "1.0.0", ReleasePhase.Migrating, "migrating the database");
    var s1 = StatusAggregator.aggregate(i, seen(Map.of(), migrating), T0);
    assertThat(s1.getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(condition(s1, "Ready")).isEqualTo("False/Provisioning");
    assertThat(Conditions.find(s1.getConditions(), "Ready").orElseThrow().getMessage())
        .contains("migrating the database");
    assertThat(s1.getRelease().getCandidateVersion()).isEqualTo("1.0.0");
    assertThat(condition(s1, "Progressing")).isEqualTo("True/Provisioning");
    assertThat(s1.getObservedGeneration()).isEqualTo(1L);

    i.setStatus(s1);
    var s2 = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), stable("1.0.0")), T1);
    assertThat(s2.getPhase()).isEqualTo(Phase.Ready);
    assertThat(condition(s2, "Ready")).isEqualTo("True/Ready");
    assertThat(s2.getReady()).isEqualTo("3/3");
    assertThat(s2.getComponents().get("api").getReady()).isEqualTo("1/1");
    assertThat(s2.getRelease().getStableVersion()).isEqualTo("1.0.0");
    // Degraded stayed False: its transition time is the first one.
    assertThat(
            Conditions.find(s2.getConditions(), "Degraded").orElseThrow().getLastTransitionTime())
        .isEqualTo(T0.toString());
    assertThat(Conditions.find(s2.getConditions(), "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo(T1.toString());

    i.setStatus(s2);
    var lost = all(1, "1.0.0");
    lost.put(Component.API, new ComponentObservation(new WorkloadReadiness(0, 1, true), "1.0.0"));
    var s3 = StatusAggregator.aggregate(i, seen(lost, stable("1.0.0")), T1);
    assertThat(s3.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(condition(s3, "Degraded")).isEqualTo("True/ComponentsUnavailable");
    assertThat(Conditions.find(s3.getConditions(), "Ready").orElseThrow().getMessage())
        .contains("api 0/1");
  }

  @Test
  void sameWorldGivesTheSameStatus() {
    var i = instance("1.0.0");
    var s1 = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), stable("1.0.0")), T0);
    i.setStatus(s1);
    var s2 = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), stable("1.0.0")), T1);
    assertThat(StatusAggregator.same(s1, s2)).isTrue();
  }

  @Test
  void aReleaseUnderWayIsProgressingAndNotReadyUntilTheCandidateIsStable() {
    var i = instance("1.0.0");
    i.setStatus(StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), stable("1.0.0")), T0));
    i.getSpec().setVersion("1.1.0");
    var canary = release("1.0.0", "1.1.0", ReleasePhase.Paused, "step 2/4: paused at 10%");
    var s = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), canary), T1);
    assertThat(s.getPhase()).isEqualTo(Phase.Progressing);
    assertThat(s.getRelease().getCandidateVersion()).isEqualTo("1.1.0");
    assertThat(s.getRelease().getStableVersion()).isEqualTo("1.0.0");
    assertThat(condition(s, "Ready")).isEqualTo("False/Releasing");
    assertThat(condition(s, "Progressing")).isEqualTo("True/Releasing");
    assertThat(Conditions.find(s.getConditions(), "Ready").orElseThrow().getMessage())
        .isEqualTo("1.0.0 -> 1.1.0: step 2/4: paused at 10%");
  }

  @Test
  void anAbortedOrFailedReleaseIsDegradedWhileTheStableVersionServes() {
    var i = instance("1.1.0");
    var aborted = release("1.0.0", "1.1.0", ReleasePhase.Aborted, "aborted; all traffic on 1.0.0");
    var s = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), aborted), T0);
    assertThat(s.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(condition(s, "Ready")).isEqualTo("False/ReleaseAborted");
    assertThat(condition(s, "Degraded")).isEqualTo("True/ReleaseAborted");
    assertThat(condition(s, "Progressing")).isEqualTo("False/ReleaseAborted");
    var failed = release("1.0.0", "1.1.0", ReleasePhase.Failed, "migration Job failed");
    var f = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), failed), T0);
    assertThat(condition(f, "Ready")).isEqualTo("False/ReleaseFailed");
  }

  @Test
  void invalidSpecFailsWithTheFieldInTheMessageAndKeepsObservedComponents() {
    var i = instance("1.0.0");
    i.setStatus(StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), stable("1.0.0")), T0));
    var s =
        StatusAggregator.aggregate(
            i,
            new Observation(
                List.of(new FieldError("spec.api.replicas", "must be at least 0")),
                false,
                Map.of()),
            T1);
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "Ready")).isEqualTo("False/InvalidSpec");
    assertThat(Conditions.find(s.getConditions(), "Ready").orElseThrow().getMessage())
        .contains("spec.api.replicas");
    // The release it served stays recorded.
    assertThat(s.getRelease().getStableVersion()).isEqualTo("1.0.0");
  }

  @Test
  void pausedSaysSo() {
    var i = instance("1.0.0");
    var s = StatusAggregator.aggregate(i, new Observation(List.of(), true, Map.of()), T0);
    assertThat(s.getPhase()).isEqualTo(Phase.Paused);
    assertThat(condition(s, "Progressing")).isEqualTo("False/Paused");
  }

  @Test
  void eventsOnlyOnTransitions() {
    var recorded = new ArrayList<String>();
    var events =
        new TransitionEvents((inst, type, reason, msg) -> recorded.add(type + " " + reason));
    var i = instance("1.0.0");
    var installing = release(null, "1.0.0", ReleasePhase.Migrating, "migrating");
    var s1 = StatusAggregator.aggregate(i, seen(all(0, "1.0.0"), installing), T0);
    events.record(i, null, s1);
    i.setStatus(s1);
    var s2 = StatusAggregator.aggregate(i, seen(all(0, "1.0.0"), installing), T1);
    events.record(i, s1, s2);
    var s3 = StatusAggregator.aggregate(i, seen(all(1, "1.0.0"), stable("1.0.0")), T1);
    events.record(i, s2, s3);
    i.setStatus(s3);
    var bad =
        StatusAggregator.aggregate(
            i, new Observation(List.of(new FieldError("spec.x", "y")), false, Map.of()), T1);
    events.record(i, s3, bad);
    events.record(i, bad, bad);
    assertThat(recorded)
        .containsExactly("Normal Provisioning", "Normal Ready", "Warning InvalidSpec");
  }
}
