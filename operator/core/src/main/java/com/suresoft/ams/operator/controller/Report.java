package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.cache.StatusThrottle;
import com.suresoft.ams.operator.model.app.AppIngress;
import com.suresoft.ams.operator.model.security.JwtRotation;
import com.suresoft.ams.operator.status.Observation;
import com.suresoft.ams.operator.status.ReleaseGauges;
import com.suresoft.ams.operator.status.StatusAggregator;
import com.suresoft.ams.operator.status.TransitionEvents;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a pass: aggregates what it saw and did into the status ({@link StatusAggregator}), holds
 * back writes that only report progress ({@link StatusThrottle}), records the Events of a changed
 * status and writes it, only when it changed; then, once the pass succeeded, the release gauges and
 * the release's own Events ({@link #published}).
 */
final class Report {
  private static final Logger log = LoggerFactory.getLogger(Report.class);

  private final TransitionEvents events;
  private final Clock clock;
  private final ReleaseGauges.Sink releaseGauges;
  private final StatusThrottle statusThrottle;

  Report(
      TransitionEvents events,
      Clock clock,
      ReleaseGauges.Sink releaseGauges,
      StatusThrottle statusThrottle) {
    this.statusThrottle = statusThrottle;
    this.events = events;
    this.clock = clock;
    this.releaseGauges = releaseGauges;
  }

  /** Aggregates and writes the status. */
  Reported status(
      AmsInstance instance,
      Verdict verdict,
      PassPlan plan,
      Applied applied,
      AfterApply after,
      StatusWriter writer) {
    var release = recordedRelease(verdict, plan, applied);
    var before = instance.getStatus();
    var next =
        StatusAggregator.aggregate(
            instance, observation(verdict, plan, applied, after, release), clock.instant());
    // Recorded only after the workflow applied the rotation; a failure retries with the token.
    if (applied.failure().isEmpty()) {
      plan.rotation()
          .ifPresent(t -> next.setHandledTokens(JwtRotation.handled(next.getHandledTokens(), t)));
    }
    if (before != null && StatusAggregator.same(before, next)) {
      return new Reported(release, Optional.empty(), true);
    }
    var progressLater = statusThrottle.holdBack(instance, before, next);
    if (progressLater.isPresent()) {
      return new Reported(release, progressLater, true);
    }
    events.record(instance, before, next);
    boolean written = write(instance, next, verdict, applied, writer);
    statusThrottle.written(instance);
    return new Reported(release, Optional.empty(), written);
  }

  /**
   * After the status that records the step, so that a failed write repeats the step, not the Event:
   * the gauges and the release's Events. {@code known}: every instance the controller knows.
   */
  void published(
      AmsInstance instance, PassPlan plan, Reported reported, Predicate<ResourceID> exists) {
    releaseGauges.update(instance, exists);
    if (reported.release() != null) {
      events.release(instance, plan.release().events());
    }
  }

  /**
   * The release status the pass records. After a failed write the release keeps the status's state:
   * the planner's step may not have been applied, and the retry plans it again.
   */
  static ReleaseStatus recordedRelease(Verdict verdict, PassPlan plan, Applied applied) {
    return verdict.applies() && applied.failure().isEmpty() ? plan.release().status() : null;
  }

  /** What the status aggregator reads. */
  static Observation observation(
      Verdict verdict, PassPlan plan, Applied applied, AfterApply after, ReleaseStatus release) {
    return new Observation(
        verdict.errors(),
        verdict.paused(),
        after.components(),
        plan.integrations(),
        after.dataIssues(),
        release,
        verdict.valid() ? AppIngress.url(verdict.model()).orElse(null) : null,
        applied.children());
  }

  /** Whether the status was written. */
  private static boolean write(
      AmsInstance instance,
      AmsInstanceStatus status,
      Verdict verdict,
      Applied applied,
      StatusWriter writer) {
    if (statusLost(instance)) {
      log.warn(
          "{}/{}: {}; its status cannot be read either, so none is written over it",
          instance.getMetadata().getNamespace(),
          instance.getMetadata().getName(),
          verdict.errors());
      return false;
    }
    try {
      writer.write(instance, status);
      return true;
    } catch (RuntimeException e) {
      if (applied.failure().isEmpty()) {
        throw e;
      }
      // The failed write is what JOSDK retries; this one follows it.
      log.warn(
          "{}/{}: could not write the status after a failed write either",
          instance.getMetadata().getNamespace(),
          instance.getMetadata().getName(),
          e);
      return false;
    }
  }

  /**
   * Whether the stored status could not be read (a newer operator's, say): one written now would
   * replace it, and with it the record of a release the newer version may still need.
   */
  static boolean statusLost(AmsInstance instance) {
    return instance.unreadable().map(AmsInstance.UnreadableField::statusLost).orElse(false);
  }
}
