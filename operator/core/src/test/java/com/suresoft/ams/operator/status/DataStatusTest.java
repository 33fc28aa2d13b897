package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the data tier shows in the status: per component, the DataReady condition, Ready's reason.
 */
class DataStatusTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Map<Component, ComponentObservation> components(int postgresReady) {
    var m = new LinkedHashMap<Component, ComponentObservation>();
    for (var c : Component.APP_TIER) {
      m.put(c, new ComponentObservation(new WorkloadReadiness(0, 1, false), null));
    }
    m.put(
        Component.POSTGRES,
        new ComponentObservation(new WorkloadReadiness(postgresReady, 3, true), "15-alpine"));
    m.put(Component.REDIS, new ComponentObservation(new WorkloadReadiness(1, 1, true), "7-alpine"));
    return m;
  }

  private static String condition(AmsInstanceStatus s, String type) {
    var c = Conditions.find(s.getConditions(), type).orElseThrow();
    return c.getStatus() + "/" + c.getReason() + ": " + c.getMessage();
  }

  @Test
  void componentsShowPostgresReadinessAndTheAppWaits() {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n");
    i.getMetadata().setGeneration(1L);
    var s = StatusAggregator.aggregate(i, new Observation(List.of(), false, components(2)), T0);
    assertThat(s.getComponents().get("postgres").getReady()).isEqualTo("2/3");
    assertThat(s.getComponents().get("redis").getReady()).isEqualTo("1/1");
    assertThat(condition(s, "DataReady"))
        .isEqualTo("False/WaitingForDataTier: waiting for postgres 2/3");
    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);

    i.setStatus(s);
    var s2 = StatusAggregator.aggregate(i, new Observation(List.of(), false, components(3)), T0);
    assertThat(s2.getComponents().get("postgres").getReady()).isEqualTo("3/3");
    assertThat(condition(s2, "DataReady")).isEqualTo("True/DataTierReady: data tier ready");
  }

  @Test
  void aDataIssueIsTheReadyReasonAndADataReadyCondition() {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n");
    i.getMetadata().setGeneration(1L);
    var issue = new DataIssue("ExternalSecretMissing", "Secret my-db (x) not found");
    var s =
        StatusAggregator.aggregate(
            i,
            new Observation(List.of(), false, components(3), List.of(), List.of(issue), null, null),
            T0);
    assertThat(condition(s, "DataReady"))
        .isEqualTo("False/ExternalSecretMissing: Secret my-db (x) not found");
    assertThat(condition(s, "Ready"))
        .startsWith("False/ExternalSecretMissing: waiting for Secret my-db");
  }

  @Test
  void anIssueRecordsAWarningEvent() {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n");
    i.getMetadata().setGeneration(1L);
    var issue = new DataIssue("CloudNativePGNotInstalled", "CRD missing");
    var after =
        StatusAggregator.aggregate(
            i,
            new Observation(List.of(), false, components(3), List.of(), List.of(issue), null, null),
            T0);
    var recorded = new java.util.ArrayList<String>();
    new TransitionEvents((inst, type, reason, message) -> recorded.add(type + " " + reason))
        .record(i, null, after);
    assertThat(recorded).containsExactly("Warning CloudNativePGNotInstalled");
  }
}
