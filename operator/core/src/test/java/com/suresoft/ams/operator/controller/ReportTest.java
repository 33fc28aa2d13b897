package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.cache.StatusThrottle;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.model.security.JwtRotation;
import com.suresoft.ams.operator.release.ReleaseEvent;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.EventRecorder;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.operator.status.TransitionEvents;
import com.suresoft.ams.operator.validation.SpecValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reporting a pass: the status is written only when it changed, with its Events; after a failed
 * write it names the object and keeps the release and the rotation token for the retry.
 */
class ReportTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** A pass whose workflow ran and wrote nothing that failed. */
  private static final Applied OK = new Applied(Optional.empty(), List.of(), List.of(), true);

  private final RecordingEvents events = new RecordingEvents();
  private final List<AmsInstance> gauged = new ArrayList<>();
  private final Report report =
      new Report(
          new TransitionEvents(events),
          CLOCK,
          (reconciled, known) -> gauged.add(reconciled),
          new StatusThrottle());
  private final List<AmsInstanceStatus> written = new ArrayList<>();
  private final StatusWriter writer =
      (instance, status) -> {
        written.add(status);
        instance.setStatus(status);
      };
  private final BackgroundChecks checks = new BackgroundChecks(null, 1);

  @AfterEach
  void close() {
    checks.close();
  }

  @Test
  void aChangedStatusIsWrittenWithItsEventsAndAnUnchangedOneIsNot() {
    var instance = ValidateTest.instance("");
    var pass = pass(instance, OK);

    var first = pass.report(report, writer);

    assertThat(written).hasSize(1);
    assertThat(first.current()).isTrue();
    assertThat(first.release()).isNotNull();
    assertThat(events.recorded)
        .extracting(RecordingEvents.Recorded::reason)
        .containsExactly(Reasons.PROVISIONING);

    var second = pass(instance, OK).report(report, writer);

    assertThat(written).as("the same status is not written again").hasSize(1);
    assertThat(second.current()).isTrue();
    assertThat(events.recorded).hasSize(1);
  }

  @Test
  void aFailedWriteIsNamedAndTheReleaseAndTheRotationTokenWaitForTheRetry() {
    var instance = ValidateTest.instance("");
    instance.getMetadata().setAnnotations(Map.of(JwtRotation.ANNOTATION, "t1"));
    var failed =
        new Applied(
            Optional.of(new IllegalStateException("refused")),
            List.of(ChildIssue.applyFailed("Service", "ams-web-service", "422 Invalid")),
            List.of(),
            false);

    var reported = pass(instance, failed).report(report, writer);

    assertThat(reported.release()).isNull();
    assertThat(reported.current()).isTrue();
    var status = written.get(0);
    assertThat(status.getHandledTokens()).isNullOrEmpty();
    assertThat(Conditions.find(status.getConditions(), Conditions.READY).orElseThrow())
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(Reasons.APPLY_FAILED))
        .satisfies(c -> assertThat(c.getMessage()).contains("Service ams-web-service"));

    pass(instance, OK).report(report, writer);
    assertThat(written.get(1).getHandledTokens()).containsEntry(JwtRotation.HANDLED_KEY, "t1");
  }

  @Test
  void aStatusThatCannotBeWrittenAfterAFailedWriteLeavesTheRetryToThatWrite() {
    var instance = ValidateTest.instance("");
    StatusWriter refusing =
        (i, s) -> {
          throw new IllegalStateException("status refused");
        };
    var failed =
        new Applied(Optional.of(new IllegalStateException("x")), List.of(), List.of(), false);

    assertThat(pass(instance, failed).report(report, refusing).current()).isFalse();
    assertThatThrownBy(() -> pass(instance, OK).report(report, refusing))
        .hasMessage("status refused");
  }

  @Test
  void theGaugesFollowEveryPassAndTheReleaseEventsOnlyARecordedRelease() {
    var instance = ValidateTest.instance("");
    var pass = pass(instance, OK);
    var r = pass.planned.release();
    var promoted = new ReleaseEvent(ReleaseEvent.Type.Normal, "Promoted", "1.0.0 serves");
    var withEvent =
        new PassPlan(
            new ReleasePlan(
                r.status(),
                r.appTier(),
                r.routing(),
                r.jobs(),
                r.requeueAfter(),
                List.of(promoted)),
            pass.planned.routed(),
            pass.planned.data(),
            pass.planned.integrations(),
            Optional.empty(),
            false,
            List.of());

    report.published(instance, withEvent, new Reported(null, Optional.empty(), true), id -> false);
    assertThat(gauged).containsExactly(instance);
    assertThat(events.recorded).isEmpty();

    report.published(
        instance, withEvent, new Reported(r.status(), Optional.empty(), true), id -> true);
    assertThat(gauged).hasSize(2);
    assertThat(events.recorded)
        .containsExactly(
            new RecordingEvents.Recorded(EventRecorder.Type.Normal, "Promoted", "1.0.0 serves"));
  }

  /** One pass up to its report, over empty caches. */
  private record Pass(
      AmsInstance instance, Verdict verdict, PassPlan planned, Applied applied, AfterApply after) {
    Reported report(Report report, StatusWriter writer) {
      return report.status(instance, verdict, planned, applied, after, writer);
    }
  }

  private Pass pass(AmsInstance instance, Applied applied) {
    var caches = new ListCaches();
    var verdict =
        new Validate(new ValidatedSpecs(new SpecValidator())).verdict(instance, List.of());
    var observe =
        new Observe(
            ObserveTest.NO_CRDS,
            new ReferencedSecrets(null, Clock.systemUTC(), Duration.ofMinutes(1)));
    var seen = observe.snapshot(instance, verdict, List.of(), caches);
    var planned = new Plan(CLOCK, checks).decide(instance, verdict, seen);
    var after = observe.afterApply(verdict, seen, planned, applied, caches);
    return new Pass(instance, verdict, planned, applied, after);
  }
}
