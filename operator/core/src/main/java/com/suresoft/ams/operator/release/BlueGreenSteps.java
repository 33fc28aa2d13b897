package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;
import java.time.Duration;

/**
 * Blue-green: the candidate scales to full size behind the preview Services, a smoke check runs
 * against the preview, then it waits for promote (or its timer). The switch of the Services happens
 * only onto a candidate whose web and API are ready at full size; a promote that comes earlier is
 * kept ({@code status.release.promotionRequested}) and switches as soon as they are.
 */
final class BlueGreenSteps {
  private BlueGreenSteps() {}

  static boolean advance(Planning p) {
    if (p.s.getPhase() == ReleasePhase.Paused) {
      return preview(p);
    }
    var s = p.s;
    keepEarlyPromote(p);
    if (!p.size.candidateAtFullSize(Sizing.ROUTED)) {
      p.waitFor(
          "scaling up "
              + s.getCandidateVersion()
              + " in slot "
              + p.candidateSlot()
              + " ("
              + p.size.candidateReadiness(Sizing.ROUTED, p.size::total)
              + ")");
      return false;
    }
    if (p.spec.getBlueGreen().getPreviewService() && !smokeCheckPassed(p)) {
      return false;
    }
    s.setPhase(ReleasePhase.Paused);
    p.newStep();
    p.events.add(
        ReleaseEvent.normal(
            EventReasons.PREVIEW_READY,
            s.getCandidateVersion() + " is ready in slot " + p.candidateSlot() + " for preview"));
    return true;
  }

  /**
   * A promote before the preview (during the migration or while the candidate starts) is not lost:
   * the switch follows the smoke check and the preview as soon as both are ready.
   */
  static void keepEarlyPromote(Planning p) {
    if (p.take(Action.PROMOTE) | p.take(Action.PROMOTE_FULL)) {
      p.s.setPromotionRequested(true);
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.PROMOTION_WAITING,
              "promoted by an action; the switch waits for "
                  + p.s.getCandidateVersion()
                  + " at full size and its smoke check"));
    }
  }

  /** Runs the smoke check against the preview; true once the current attempt's check passed. */
  private static boolean smokeCheckPassed(Planning p) {
    var s = p.s;
    String job = p.m.names().smokeCheckJob(s.getCandidateVersion());
    JobObservation seen = p.in.smokeCheck();
    boolean current = seen.isOf(s.getStartedAt());
    if (current && seen.state() == JobState.FAILED) {
      p.fail(
          EventReasons.SMOKE_CHECK_FAILED,
          "smoke check " + job + " failed against the preview; the stable version keeps serving");
      return false;
    }
    if (current && seen.state() == JobState.SUCCEEDED) {
      return true;
    }
    if (!current && seen.state() == JobState.RUNNING) {
      // A Job is never replaced while it runs; the next attempt's check follows it.
      s.setMessage("smoke check " + job + " of an earlier attempt is still running");
      return false;
    }
    p.jobs.add(
        new JobRequest(
            JobRequest.Kind.SMOKE_CHECK,
            job,
            s.getCandidateVersion(),
            s.getStartedAt(),
            seen.state() != JobState.ABSENT && !current));
    s.setMessage("smoke check " + job + " running against the preview");
    return false;
  }

  private static boolean preview(Planning p) {
    var s = p.s;
    Integer auto = p.spec.getBlueGreen().getAutoPromotionSeconds();
    String requestedBy = null;
    if (p.take(Action.PROMOTE) | p.take(Action.PROMOTE_FULL)) {
      requestedBy = "by an action";
    } else if (auto != null && !Boolean.TRUE.equals(s.getPromotionRequested())) {
      Duration left = p.until(s.getStepStartedAt(), auto);
      if (left.isZero()) {
        requestedBy = "automatically after " + auto + " s of preview";
      } else {
        p.requeueIn(left);
      }
    }
    boolean ready = p.size.candidateAtFullSize(Sizing.ROUTED);
    String readiness = p.size.candidateReadiness(Sizing.ROUTED, p.size::total);
    if (requestedBy != null) {
      if (ready) {
        p.promote(
            EventReasons.PROMOTED,
            "promoted " + requestedBy + "; all traffic on " + s.getCandidateVersion());
        return true;
      }
      s.setPromotionRequested(true);
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.PROMOTION_WAITING,
              "promoted "
                  + requestedBy
                  + "; the switch waits for "
                  + s.getCandidateVersion()
                  + " at full size ("
                  + readiness
                  + ")"));
    }
    if (Boolean.TRUE.equals(s.getPromotionRequested())) {
      if (ready) {
        p.promote(
            EventReasons.PROMOTED,
            "the candidate is ready; all traffic on " + s.getCandidateVersion());
        return true;
      }
      p.waitFor(
          "promoted; the switch waits for "
              + s.getCandidateVersion()
              + " at full size ("
              + readiness
              + ")");
      return false;
    }
    if (!ready) {
      p.waitFor(
          "preview of "
              + s.getCandidateVersion()
              + ": the candidate lost ready pods ("
              + readiness
              + ")");
      return false;
    }
    if (auto != null) {
      s.setMessage(
          "preview of "
              + s.getCandidateVersion()
              + "; promotes by itself in "
              + p.until(s.getStepStartedAt(), auto).toSeconds()
              + " s");
    } else {
      s.setMessage("preview of " + s.getCandidateVersion() + "; waiting for promote");
    }
    return false;
  }

  /** Candidate replicas during the preview: web and API at full size, the worker not yet. */
  static int candidateReplicas(Planning p, Component c) {
    return c == Component.WORKER ? 0 : p.size.total(c);
  }
}
