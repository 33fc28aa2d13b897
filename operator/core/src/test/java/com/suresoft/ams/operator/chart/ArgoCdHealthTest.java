package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.operator.status.ReportedStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Argo CD health check, run by Debian's lua5.4 in Argo CD's sandbox ({@link ArgoCdLua}) against
 * every state the operator reports ({@link ReportedStates}, statuses as the aggregator writes them)
 * and against statuses of an operator without the kstatus conditions.
 */
class ArgoCdHealthTest {

  /**
   * Argo CD's status for each state the operator reports. Suspended as Argo Rollouts reports a
   * paused rollout; Degraded when only a user's change helps (Stalled) or what serves users lost a
   * component.
   */
  static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("first install, migrating", "Progressing");
    EXPECTED.put("first install, pods coming up", "Progressing");
    EXPECTED.put("first install, a Secret the spec names is missing", "Progressing");
    EXPECTED.put("first install, migration failed", "Degraded");
    EXPECTED.put("ready", "Healthy");
    EXPECTED.put("ready before, a component lost its pods", "Degraded");
    EXPECTED.put("release: migrating", "Progressing");
    EXPECTED.put("release: candidate scaling up, traffic moving", "Progressing");
    EXPECTED.put("release: waiting for promote (Argo CD: Suspended)", "Suspended");
    EXPECTED.put("release: promoting, old slot waiting for scale-down", "Progressing");
    EXPECTED.put("release aborted", "Degraded");
    EXPECTED.put("release failed (migration or smoke check)", "Degraded");
    EXPECTED.put("invalid spec", "Degraded");
    EXPECTED.put("spec.paused (Argo CD: Suspended)", "Suspended");
    EXPECTED.put("someone else's object in a child's place", "Degraded");
    EXPECTED.put("a child's apply refused, retried", "Degraded");
    EXPECTED.put("a volume cannot grow to the spec's size", "Degraded");
    EXPECTED.put("ready before, then a reconciliation failed (retried)", "Degraded");
  }

  @TempDir java.nio.file.Path dir;

  @Test
  void everyReportedStateHasItsArgoCdHealth() throws Exception {
    assertThat(EXPECTED.keySet())
        .as("every state the operator reports has an expected health")
        .containsExactlyInAnyOrderElementsOf(
            ReportedStates.TABLE.stream().map(ReportedStates.Row::state).toList());
    for (var row : ReportedStates.TABLE) {
      var result = health(ReportedStates.reach(row));
      assertThat(result.get("status")).as(row.state()).isEqualTo(EXPECTED.get(row.state()));
      assertThat(result.get("message")).as(row.state()).isNotBlank();
    }
  }

  @Test
  void aReleaseWaitingForPromoteIsSuspendedUntilPromoted() throws Exception {
    var row = row("release: waiting for promote (Argo CD: Suspended)");
    var waiting = ReportedStates.reach(row);
    assertThat(health(waiting))
        .containsEntry("status", "Suspended")
        .containsEntry("message", "Waiting for promote: state of 1.1.0");
    // Promoted: the blue-green switch now waits only for the candidate's pods.
    waiting.getStatus().getRelease().setPromotionRequested(true);
    assertThat(health(waiting)).containsEntry("status", "Progressing");
  }

  @Test
  void invalidSpecIsDegradedWithTheValidationMessage() throws Exception {
    var result = health(ReportedStates.reach(row("invalid spec")));
    assertThat(result)
        .containsEntry("status", "Degraded")
        .containsEntry(
            "message",
            "Invalid spec: invalid spec, nothing was changed: spec.api.replicas:"
                + " must be at least 0");
  }

  @Test
  void aStalledReleaseNamesItsReason() throws Exception {
    assertThat(health(ReportedStates.reach(row("release aborted"))))
        .containsEntry("message", Reasons.RELEASE_ABORTED + ": state of 1.1.0");
  }

  @Test
  void readyMessageIsPassedOn() throws Exception {
    assertThat(health(ReportedStates.reach(row("ready"))))
        .containsEntry("status", "Healthy")
        .containsEntry("message", "all components ready at version 1.0.0");
  }

  @Test
  void anUnobservedGenerationIsProgressingWhateverTheConditions() throws Exception {
    var instance = ReportedStates.reach(row("ready"));
    instance.getMetadata().setGeneration(2L);
    assertThat(health(instance))
        .containsEntry("status", "Progressing")
        .containsEntry("message", "Waiting for the operator to observe generation 2");
  }

  @Test
  void noStatusYetIsProgressing() throws Exception {
    var obj = new LinkedHashMap<String, Object>();
    obj.put("metadata", Map.of("name", "ams", "generation", 1L));
    assertThat(health(obj)).containsEntry("status", "Progressing");
  }

  /** A status an operator without Reconciling and Stalled wrote: the phase decides. */
  @Test
  void statusesWithoutKstatusConditionsAreJudgedByPhase() throws Exception {
    var expected = new LinkedHashMap<Phase, String>();
    expected.put(Phase.Ready, "Healthy");
    expected.put(Phase.Provisioning, "Progressing");
    expected.put(Phase.Progressing, "Progressing");
    expected.put(Phase.Paused, "Suspended");
    expected.put(Phase.Degraded, "Degraded");
    expected.put(Phase.Failed, "Degraded");
    assertThat(expected.keySet()).containsExactlyInAnyOrder(Phase.values());
    for (var e : expected.entrySet()) {
      Phase phase = e.getKey();
      var result = health(legacy(phase, phase == Phase.Ready, phase.name(), "summary of " + phase));
      assertThat(result.get("status")).as("phase %s", phase).isEqualTo(e.getValue());
    }
    assertThat(health(legacy(Phase.Failed, false, Reasons.INVALID_SPEC, "spec.web.replicas: bad")))
        .containsEntry("message", "Invalid spec: spec.web.replicas: bad");
  }

  private static ReportedStates.Row row(String state) {
    return ReportedStates.TABLE.stream().filter(r -> r.state().equals(state)).findFirst().get();
  }

  private static Map<String, Object> legacy(
      Phase phase, boolean ready, String reason, String message) {
    var condition = new LinkedHashMap<String, Object>();
    condition.put("type", Conditions.READY);
    condition.put("status", ready ? "True" : "False");
    condition.put("reason", reason);
    condition.put("message", message);
    var status = new LinkedHashMap<String, Object>();
    status.put("observedGeneration", 3L);
    status.put("phase", phase.name());
    status.put("conditions", List.of(condition));
    var obj = new LinkedHashMap<String, Object>();
    obj.put("metadata", Map.of("name", "ams", "generation", 3L));
    obj.put("status", status);
    return obj;
  }

  private Map<String, String> health(Object obj) throws Exception {
    return new ArgoCdLua(dir).run(ArgoCdLua.healthScript(), obj);
  }
}
