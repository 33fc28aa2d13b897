package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.controller.crds.CrdPresence;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.release.ObservedSlots;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.status.Integrations;
import com.suresoft.ams.operator.status.Observation.Integration;
import com.suresoft.ams.operator.status.Reasons;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a pass asks to run again: the soonest of its reasons, never later than the resync. */
class RescheduleTest {
  private static final Duration CRD_RECHECK = Duration.ofSeconds(30);
  private static final Duration RESYNC = Duration.ofMinutes(10);

  private final Reschedule reschedule =
      new Reschedule(
          new CrdPresence() {
            @Override
            public ServedVersions served() {
              return ServedVersions.none();
            }

            @Override
            public Duration recheckInterval() {
              return CRD_RECHECK;
            }
          });

  @Test
  void aPassWithNothingToWaitForAsksForNothing() {
    assertThat(
            wakeUp(
                seen(false, false), plan(Duration.ofSeconds(5), List.of()), List.of(), false, null))
        .isEmpty();
  }

  @Test
  void theReleasesTimerCountsOnlyWhenTheStatusRecordedItsStep() {
    var plan = plan(Duration.ofSeconds(5), List.of());
    assertThat(wakeUp(seen(false, false), plan, List.of(), true, null))
        .contains(Duration.ofSeconds(5));
  }

  @Test
  void whatChangesWithoutAnEventIsLookedAtAgainAsSoonAsItsCachedAnswerExpires() {
    var none = plan(null, List.of());
    assertThat(wakeUp(seen(true, false), none, List.of(), false, null)).contains(CRD_RECHECK);
    assertThat(wakeUp(seen(false, true), none, List.of(), false, null))
        .contains(ReferencedSecrets.MISSING_RECHECK);
    assertThat(
            wakeUp(
                seen(false, false),
                plan(
                    null,
                    List.of(
                        new Integration(
                            Integrations.MONITORING,
                            false,
                            Reasons.CRD_NOT_INSTALLED,
                            "not installed"))),
                List.of(),
                false,
                null))
        .contains(CRD_RECHECK);
    assertThat(
            wakeUp(
                seen(false, false),
                none,
                List.of(ChildIssue.notOwned("Service", "x")),
                false,
                null))
        .contains(CRD_RECHECK);
    // A failed write's children are retried by JOSDK, not by a timer.
    assertThat(
            wakeUp(
                seen(false, false),
                none,
                List.of(ChildIssue.applyFailed("Service", "x", "422 Invalid")),
                false,
                null))
        .isEmpty();
  }

  @Test
  void theSoonestReasonWinsAndNoneOutlastsTheResync() {
    var plan = plan(Duration.ofHours(1), List.of());
    assertThat(wakeUp(seen(false, true), plan, List.of(), true, Duration.ofMillis(300)))
        .contains(Duration.ofMillis(300));
    assertThat(wakeUp(seen(false, false), plan, List.of(), true, null)).contains(RESYNC);
  }

  private Optional<Duration> wakeUp(
      Snapshot seen,
      PassPlan plan,
      List<ChildIssue> children,
      boolean releaseRecorded,
      Duration progressLater) {
    var control =
        reschedule.after(
            seen,
            plan,
            new Applied(Optional.empty(), children, List.of(), true),
            new Reported(
                releaseRecorded ? new ReleaseStatus() : null,
                Optional.ofNullable(progressLater),
                true),
            Optional.of(RESYNC));
    return control.getScheduleDelay().map(Duration::ofMillis);
  }

  private static PassPlan plan(Duration requeue, List<Integration> integrations) {
    var release =
        new ReleasePlan(null, null, null, List.of(), Optional.ofNullable(requeue), List.of());
    return new PassPlan(release, release, null, integrations, Optional.empty(), false, List.of());
  }

  private static Snapshot seen(boolean waitsForCrd, boolean waitsForSecret) {
    return new Snapshot(
        List.of(),
        ServedVersions.none(),
        false,
        waitsForCrd,
        Map.of(),
        waitsForSecret,
        List.of(),
        null,
        List.of(),
        List.of(),
        ObservedSlots.NONE,
        Optional.empty());
  }
}
