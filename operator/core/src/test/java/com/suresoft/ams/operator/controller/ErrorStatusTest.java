package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.EventRecorder;
import com.suresoft.ams.operator.status.Observation;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.operator.status.StatusAggregator;
import com.suresoft.ams.operator.status.TransitionEvents;
import com.suresoft.ams.operator.status.WorkloadReadiness;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pass that threw: the status says so with a message free of secrets, a Warning Event records it,
 * JOSDK retries with backoff, and the next pass that succeeds clears it.
 */
class ErrorStatusTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final RecordingEvents events = new RecordingEvents();
  private final ErrorStatus errorStatus =
      new ErrorStatus(new TransitionEvents(events), Clock.fixed(T0, ZoneOffset.UTC));
  private final List<AmsInstanceStatus> written = new ArrayList<>();
  private final StatusWriter writer =
      (instance, status) -> {
        written.add(status);
        instance.setStatus(status);
      };

  @Test
  void anExceptionMakesReadyFalseNamingItWithAWarningEventAndIsRetried() {
    var instance = ready();

    var control =
        errorStatus.update(
            instance, new IllegalStateException("cache out of step"), false, List::of, writer);

    assertThat(written).hasSize(1);
    var status = written.get(0);
    assertThat(ready(status))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ReconcileError"))
        .satisfies(
            c -> assertThat(c.getMessage()).isEqualTo("IllegalStateException: cache out of step"));
    // An instance that was Ready is Degraded meanwhile, as after a failed write.
    assertThat(status.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.DEGRADED)).isTrue();
    assertThat(events.recorded)
        .containsExactly(
            new RecordingEvents.Recorded(
                EventRecorder.Type.Warning,
                "ReconcileError",
                "IllegalStateException: cache out of step"));
    assertRetried(control);
  }

  @Test
  void theMessageCarriesNoSecret() {
    var instance = ready();
    var e =
        new IllegalStateException(
            "DATABASE_URL postgresql://ams:hunter2-pass@ams-postgres-rw:5432/ams, jwt s3cr3t-jwt");

    errorStatus.update(instance, e, false, () -> List.of("s3cr3t-jwt"), writer);

    var message = ready(written.get(0)).getMessage();
    assertThat(message).doesNotContain("hunter2-pass").doesNotContain("s3cr3t-jwt");
    assertThat(message).contains(ErrorMessage.REDACTED);
    assertThat(events.recorded.get(0).message()).isEqualTo(message);
  }

  @Test
  void theSameErrorAgainWritesNothingAndRecordsNothing() {
    var instance = ready();
    errorStatus.update(instance, new IllegalStateException("x"), false, List::of, writer);

    var control =
        errorStatus.update(instance, new IllegalStateException("x"), false, List::of, writer);

    assertThat(written).hasSize(1);
    assertThat(events.recorded).hasSize(1);
    assertRetried(control);
  }

  @Test
  void aFailureThePassNamedItselfOrAStopIsLeftAsItIs() {
    var instance = ready();

    assertRetried(
        errorStatus.update(instance, new IllegalStateException("x"), true, List::of, writer));
    assertRetried(
        errorStatus.update(
            instance,
            new RuntimeException(new InterruptedException("stopping")),
            false,
            List::of,
            writer));

    assertThat(written).isEmpty();
    assertThat(events.recorded).isEmpty();
  }

  @Test
  void thePassThatNamesAFailureMarksThatFailureOnly() {
    var context = FakeContext.workflow(() -> {}).with(null);
    var named = new IllegalStateException("named");
    var notNamed = new IllegalStateException("not named");

    assertThat(ErrorStatus.reported(context, named, true)).isSameAs(named);
    ErrorStatus.reported(context, notNamed, false);

    assertThat(ErrorStatus.wasReported(context, named)).isTrue();
    assertThat(ErrorStatus.wasReported(context, notNamed)).isFalse();
  }

  @Test
  void theNextPassThatSucceedsClearsTheError() {
    var instance = ready();
    errorStatus.update(instance, new IllegalStateException("x"), false, List::of, writer);

    var recovered =
        StatusAggregator.aggregate(
            instance, new Observation(List.of(), false, allReady()), T0.plusSeconds(5));
    assertThat(ready(recovered).getReason()).isEqualTo(Reasons.READY);
    assertThat(recovered.getPhase()).isEqualTo(Phase.Ready);
    assertThat(Conditions.isTrue(recovered.getConditions(), Conditions.DEGRADED)).isFalse();

    var paused =
        StatusAggregator.aggregate(
            instance, new Observation(List.of(), true, allReady()), T0.plusSeconds(5));
    assertThat(paused.getConditions())
        .noneMatch(c -> Reasons.RECONCILE_ERROR.equals(c.getReason()));
  }

  @Test
  void theControllerRetriesWithExponentialBackoff() {
    try (var checks = new BackgroundChecks(null, 1)) {
      var reconciler =
          new AmsInstanceReconciler(null, null, null, null, null, null, null, checks, null);
      var retry = new BaseConfigurationService().getConfigurationFor(reconciler).getRetry();

      assertThat(retry).isInstanceOf(GenericRetry.class);
      var generic = (GenericRetry) retry;
      assertThat(generic.getMaxAttempts()).isPositive();
      assertThat(generic.getInitialInterval()).isEqualTo(2000);
      assertThat(generic.getIntervalMultiplier()).isGreaterThan(1);
    }
  }

  private static void assertRetried(ErrorStatusUpdateControl<AmsInstance> control) {
    assertThat(control.isNoRetry()).as("retry disabled").isFalse();
    assertThat(control.getScheduleDelay()).as("retry replaced by a timer").isEmpty();
    assertThat(control.getResource()).as("written by JOSDK, bypassing the cache").isEmpty();
  }

  /** An instance whose last pass found it Ready. */
  private static AmsInstance ready() {
    var instance = ValidateTest.instance("");
    var status =
        StatusAggregator.aggregate(instance, new Observation(List.of(), false, allReady()), T0);
    // Ready once before: the first pass reports Provisioning.
    instance.setStatus(status);
    var release = status.getRelease();
    release.setStableVersion("1.0.0");
    instance.setStatus(
        StatusAggregator.aggregate(instance, new Observation(List.of(), false, allReady()), T0));
    assertThat(instance.getStatus().getPhase()).isEqualTo(Phase.Ready);
    return instance;
  }

  private static LinkedHashMap<Component, ComponentObservation> allReady() {
    var m = new LinkedHashMap<Component, ComponentObservation>();
    for (var c : Component.APP_TIER) {
      m.put(c, new ComponentObservation(new WorkloadReadiness(1, 1, true), "1.0.0"));
    }
    return m;
  }

  private static Condition ready(AmsInstanceStatus status) {
    return Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
  }
}
