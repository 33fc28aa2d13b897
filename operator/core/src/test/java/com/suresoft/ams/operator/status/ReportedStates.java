package com.suresoft.ams.operator.status;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Every state the operator reports on an instance, each reached through {@link StatusAggregator} as
 * a reconciliation would: the table {@link KstatusTest} judges with kstatus's rules and the Argo CD
 * health check is run against. Every {@link Phase} and {@link ReleasePhase} is in it ({@code
 * KstatusTest} checks).
 */
public final class ReportedStates {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private ReportedStates() {}

  /**
   * One state the operator reports, how to reach it from a fresh instance (generation 1), and what
   * kstatus must make of it.
   */
  public record Row(
      String state,
      Phase phase,
      ReleasePhase releasePhase,
      KstatusTest.Kstatus kstatus,
      UnaryOperator<AmsInstance> reach) {}

  public static final List<Row> TABLE =
      List.of(
          new Row(
              "first install, migrating",
              Phase.Provisioning,
              ReleasePhase.Migrating,
              KstatusTest.Kstatus.InProgress,
              i -> aggregate(i, seen(Map.of(), release(null, "1.0.0", ReleasePhase.Migrating)))),
          new Row(
              "first install, pods coming up",
              Phase.Provisioning,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.InProgress,
              i -> aggregate(i, seen(app(0), stable()))),
          new Row(
              "first install, a Secret the spec names is missing",
              Phase.Provisioning,
              ReleasePhase.Migrating,
              KstatusTest.Kstatus.InProgress,
              i ->
                  aggregate(
                      i,
                      new Observation(
                          List.of(),
                          false,
                          Map.of(),
                          List.of(),
                          List.of(
                              new DataIssue(
                                  Reasons.EXTERNAL_SECRET_MISSING, "Secret db not found")),
                          release(null, "1.0.0", ReleasePhase.Migrating),
                          null))),
          new Row(
              "first install, migration failed",
              Phase.Degraded,
              ReleasePhase.Failed,
              KstatusTest.Kstatus.Failed,
              i -> aggregate(i, seen(Map.of(), release(null, "1.0.0", ReleasePhase.Failed)))),
          new Row(
              "ready",
              Phase.Ready,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.Current,
              i -> aggregate(ready(i), seen(app(1), stable()))),
          new Row(
              "ready before, a component lost its pods",
              Phase.Degraded,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.InProgress,
              i -> aggregate(ready(i), seen(app(0), stable()))),
          new Row(
              "release: migrating",
              Phase.Progressing,
              ReleasePhase.Migrating,
              KstatusTest.Kstatus.InProgress,
              i ->
                  aggregate(
                      ready(i), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Migrating)))),
          new Row(
              "release: candidate scaling up, traffic moving",
              Phase.Progressing,
              ReleasePhase.Progressing,
              KstatusTest.Kstatus.InProgress,
              i ->
                  aggregate(
                      ready(i), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Progressing)))),
          new Row(
              "release: waiting for promote (Argo CD: Suspended)",
              Phase.Progressing,
              ReleasePhase.Paused,
              KstatusTest.Kstatus.InProgress,
              i ->
                  aggregate(
                      ready(i), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Paused)))),
          new Row(
              "release: promoting, old slot waiting for scale-down",
              Phase.Progressing,
              ReleasePhase.Promoting,
              KstatusTest.Kstatus.InProgress,
              i ->
                  aggregate(
                      ready(i), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Promoting)))),
          new Row(
              "release aborted",
              Phase.Degraded,
              ReleasePhase.Aborted,
              KstatusTest.Kstatus.Failed,
              i ->
                  aggregate(
                      ready(i), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Aborted)))),
          new Row(
              "release failed (migration or smoke check)",
              Phase.Degraded,
              ReleasePhase.Failed,
              KstatusTest.Kstatus.Failed,
              i ->
                  aggregate(
                      ready(i), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Failed)))),
          new Row(
              "invalid spec",
              Phase.Failed,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.Failed,
              i ->
                  aggregate(
                      ready(i),
                      new Observation(
                          List.of(new FieldError("spec.api.replicas", "must be at least 0")),
                          false,
                          Map.of()))),
          new Row(
              "spec.paused (Argo CD: Suspended)",
              Phase.Paused,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.Failed,
              i -> aggregate(ready(i), new Observation(List.of(), true, app(1)))),
          new Row(
              "someone else's object in a child's place",
              Phase.Degraded,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.Failed,
              i ->
                  aggregate(ready(i), children(ChildIssue.notOwned("Service", "ams-api-service")))),
          new Row(
              "a child's apply refused, retried",
              Phase.Degraded,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.InProgress,
              i ->
                  aggregate(
                      ready(i),
                      children(ChildIssue.applyFailed("Service", "ams-api-service", "Invalid")))),
          new Row(
              "a volume cannot grow to the spec's size",
              Phase.Ready,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.Failed,
              i ->
                  aggregate(
                      ready(i),
                      new Observation(
                          List.of(),
                          false,
                          app(1),
                          List.of(),
                          List.of(
                              new DataIssue(
                                  Reasons.VOLUME_EXPANSION_FAILED,
                                  "volume data-ams-postgres-0 stays at 10Gi (spec asks 20Gi):"
                                      + " StorageClass standard does not allow volume expansion")),
                          stable(),
                          null))),
          new Row(
              "ready before, then a reconciliation failed (retried)",
              Phase.Degraded,
              ReleasePhase.Stable,
              KstatusTest.Kstatus.InProgress,
              i -> {
                var r = ready(i);
                r.setStatus(StatusAggregator.reconcileError(r, "IllegalStateException", T1));
                return r;
              }));

  /** The instance in {@code row}'s state. */
  public static AmsInstance reach(Row row) {
    return row.reach().apply(instance());
  }

  // ---- building states ----

  static AmsInstance instance() {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n");
    i.getMetadata().setGeneration(1L);
    return i;
  }

  /** {@code i} after a pass that found 1.0.0 installed and every component ready. */
  static AmsInstance ready(AmsInstance i) {
    i.setStatus(StatusAggregator.aggregate(i, seen(app(1), stable()), T0));
    return i;
  }

  static AmsInstance aggregate(AmsInstance i, Observation seen) {
    i.setStatus(StatusAggregator.aggregate(i, seen, T1));
    return i;
  }

  static Observation seen(Map<Component, ComponentObservation> c, ReleaseStatus r) {
    return new Observation(List.of(), false, c, List.of(), List.of(), r, null);
  }

  private static Observation children(ChildIssue issue) {
    return new Observation(
        List.of(), false, app(1), List.of(), List.of(), stable(), null, List.of(issue));
  }

  static Map<Component, ComponentObservation> app(int ready) {
    var m = new LinkedHashMap<Component, ComponentObservation>();
    for (var c : Component.APP_TIER) {
      m.put(c, new ComponentObservation(new WorkloadReadiness(ready, 1, true), "1.0.0"));
    }
    return m;
  }

  static ReleaseStatus stable() {
    var r = new ReleaseStatus();
    r.setStableVersion("1.0.0");
    r.setPhase(ReleasePhase.Stable);
    r.setActiveSlot(Slot.blue);
    return r;
  }

  static ReleaseStatus release(String stable, String candidate, ReleasePhase phase) {
    var r = new ReleaseStatus();
    r.setStableVersion(stable);
    r.setCandidateVersion(candidate);
    r.setPhase(phase);
    r.setActiveSlot(Slot.blue);
    r.setMessage("state of " + Objects.requireNonNullElse(candidate, stable));
    return r;
  }
}
