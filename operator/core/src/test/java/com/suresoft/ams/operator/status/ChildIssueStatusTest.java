package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Someone else's object of a child's name is the {@code Conflict} condition and makes Ready False
 * while it lasts; a failed apply is the Ready reason until a retry succeeds; both record a Warning.
 */
class ChildIssueStatusTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private static AmsInstance instance() {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n");
    i.getMetadata().setGeneration(1L);
    i.getMetadata().setUid("u-1");
    return i;
  }

  private static Observation allReady(List<ChildIssue> children) {
    var components = new LinkedHashMap<Component, ComponentObservation>();
    for (var c : Component.APP_TIER) {
      components.put(c, new ComponentObservation(new WorkloadReadiness(1, 1, true), "1.0.0"));
    }
    var release = new ReleaseStatus();
    release.setStableVersion("1.0.0");
    release.setPhase(ReleasePhase.Stable);
    release.setActiveSlot(Slot.blue);
    release.setSummary("Stable");
    return new Observation(
        List.of(), false, components, List.of(), List.of(), release, null, children);
  }

  private static Condition condition(AmsInstanceStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void someoneElsesObjectIsAConflictAndReadyIsFalseWhileItLasts() {
    var i = instance();
    i.setStatus(StatusAggregator.aggregate(i, allReady(List.of()), T0));
    assertThat(i.getStatus().getPhase()).isEqualTo(Phase.Ready);

    var conflicted =
        StatusAggregator.aggregate(
            i, allReady(List.of(ChildIssue.notOwned("Service", "ams-api-service"))), T1);

    var conflict = condition(conflicted, Conditions.CONFLICT);
    assertThat(conflict.getStatus()).isEqualTo("True");
    assertThat(conflict.getReason()).isEqualTo(Reasons.OBJECT_NOT_OWNED);
    assertThat(conflict.getMessage())
        .contains("Service ams-api-service exists")
        .contains("ams.suresoft.com/adopt=ams");
    assertThat(condition(conflicted, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(conflicted, Conditions.READY).getReason())
        .isEqualTo(Reasons.OBJECT_NOT_OWNED);
    assertThat(condition(conflicted, Conditions.DEGRADED).getStatus()).isEqualTo("True");
    assertThat(conflicted.getPhase()).isEqualTo(Phase.Degraded);

    i.setStatus(conflicted);
    var resolved = StatusAggregator.aggregate(i, allReady(List.of()), T1);
    assertThat(Conditions.find(resolved.getConditions(), Conditions.CONFLICT)).isEmpty();
    assertThat(condition(resolved, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(resolved.getPhase()).isEqualTo(Phase.Ready);
  }

  @Test
  void aFailedApplyIsTheReadyReasonNamingTheObjectAndTheApiServersReason() {
    var i = instance();
    var status =
        StatusAggregator.aggregate(
            i,
            allReady(List.of(ChildIssue.applyFailed("Ingress", "ams-ingress", "422 Invalid"))),
            T0);

    var ready = condition(status, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Reasons.APPLY_FAILED);
    assertThat(ready.getMessage()).contains("Ingress ams-ingress (422 Invalid)");
    assertThat(Conditions.find(status.getConditions(), Conditions.CONFLICT)).isEmpty();
  }

  @Test
  void eachStartsOneWarningEventNotOnePerReconciliation() {
    var recorded = new ArrayList<String>();
    var events =
        new TransitionEvents(
            (instance, type, reason, message) -> recorded.add(type + " " + reason));
    var i = instance();
    var before = StatusAggregator.aggregate(i, allReady(List.of()), T0);
    i.setStatus(before);
    var conflict = List.of(ChildIssue.notOwned("Service", "ams-api-service"));
    var after = StatusAggregator.aggregate(i, allReady(conflict), T1);
    events.record(i, before, after);
    i.setStatus(after);
    events.record(i, after, StatusAggregator.aggregate(i, allReady(conflict), T1));

    assertThat(recorded).containsExactly("Warning " + Reasons.OBJECT_NOT_OWNED);
  }
}
