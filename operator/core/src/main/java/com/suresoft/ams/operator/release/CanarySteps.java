package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanaryStep;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.model.Component;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Canary: the weight on the candidate moves by the spec's steps ({@code setWeight}, {@code pause}),
 * each weight raised only once the candidate has ready pods for it, each weight held until a metric
 * check passed (with analysis), and full promotion once every component, the worker included, runs
 * at full size in the candidate slot.
 */
final class CanarySteps {
  private CanarySteps() {}

  /** Advances the release by one transition; false when it has to wait. */
  static boolean advance(Planning p) {
    var s = p.s;
    List<CanaryStep> steps = p.spec.getCanary().getSteps();
    int n = steps.size();
    if (p.takeAnalysis() && !foldAnalysis(p)) {
      return false;
    }
    // Once full promotion is under way a promote-full means nothing (and must not restart the
    // step's deadline): it is left to be reported as ignored.
    if (s.getStepIndex() < n && p.take(Action.PROMOTE_FULL)) {
      s.setStepIndex(n);
      p.newStep();
      p.events.add(ReleaseEvent.normal(EventReasons.PROMOTED_FULL, "skipping the remaining steps"));
    } else if (s.getStepIndex() < n && p.take(Action.PROMOTE)) {
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.PROMOTED,
              "step " + (s.getStepIndex() + 1) + "/" + n + " skipped by promote"));
      nextStep(p);
    }
    return step(p);
  }

  /**
   * Takes in the metric check run for this decision, if any; false when it aborted the release.
   * Failures count toward {@code failureLimit}; a check that could not run at all (Prometheus
   * unreachable, a query error) says nothing about the candidate, so it counts toward its own
   * {@code consecutiveErrorLimit} instead, as Argo Rollouts does.
   */
  static boolean foldAnalysis(Planning p) {
    AnalysisSpec analysis = p.spec.getCanary().getAnalysis();
    if (p.in.analysis().isEmpty() || analysis == null) {
      return true;
    }
    var s = p.s;
    AnalysisResult r = p.in.analysis().get();
    s.setLastAnalysisAt(p.now().toString());
    s.setLastAnalysis(r.message());
    if (r.outcome() == AnalysisResult.Outcome.ERROR) {
      int errors = (s.getAnalysisErrors() == null ? 0 : s.getAnalysisErrors()) + 1;
      s.setAnalysisErrors(errors);
      s.setLastAnalysisPassed(null);
      int limit = analysis.getConsecutiveErrorLimit();
      p.events.add(
          ReleaseEvent.warning(
              EventReasons.ANALYSIS_ERROR,
              "check could not run ("
                  + errors
                  + " in a row, consecutiveErrorLimit "
                  + limit
                  + "): "
                  + r.message()));
      if (errors > limit) {
        p.abort(
            EventReasons.ANALYSIS_ERROR,
            "metric checks could not run "
                + errors
                + " times in a row (consecutiveErrorLimit "
                + limit
                + "): "
                + r.message());
        return false;
      }
      return true;
    }
    s.setAnalysisErrors(null);
    s.setLastAnalysisPassed(r.passed());
    if (r.passed()) {
      return true;
    }
    int failures = (s.getAnalysisFailures() == null ? 0 : s.getAnalysisFailures()) + 1;
    s.setAnalysisFailures(failures);
    p.events.add(
        ReleaseEvent.warning(
            EventReasons.ANALYSIS_FAILED,
            "check "
                + failures
                + " of "
                + (analysis.getFailureLimit() + 1)
                + " failed: "
                + r.message()));
    if (failures > analysis.getFailureLimit()) {
      p.abort(
          EventReasons.RELEASE_ABORTED,
          "analysis failed "
              + failures
              + " times (failureLimit "
              + analysis.getFailureLimit()
              + "): "
              + r.message());
      return false;
    }
    return true;
  }

  private static boolean step(Planning p) {
    var s = p.s;
    List<CanaryStep> steps = p.spec.getCanary().getSteps();
    int n = steps.size();
    int i = s.getStepIndex();
    if (i >= n) {
      return fullPromotion(p);
    }
    CanaryStep step = steps.get(i);
    String at = "step " + (i + 1) + "/" + n;
    if (step.getSetWeight() != null) {
      int w = step.getSetWeight();
      s.setPhase(ReleasePhase.Progressing);
      if (!Objects.equals(s.getStepWeight(), w)) {
        if (!p.size.readyFor(w)) {
          // The weight already routed and the header route stay while the new pods start.
          p.waitFor(
              at
                  + ": scaling the candidate for "
                  + w
                  + "% ("
                  + p.size.candidateReadiness(Sizing.ROUTED, c -> p.size.forWeight(c, w))
                  + ")");
          return false;
        }
        s.setStepWeight(w);
        p.newStep();
        p.events.add(
            ReleaseEvent.normal(
                EventReasons.CANARY_WEIGHT,
                at + ": " + w + "% of traffic on " + s.getCandidateVersion()));
      }
      if (p.size.capacity() < w) {
        p.waitFor(
            at
                + ": the candidate lost ready pods ("
                + p.size.candidateReadiness(Sizing.ROUTED, c -> p.size.forWeight(c, w))
                + ")");
        return false;
      }
      AnalysisSpec analysis = p.spec.getCanary().getAnalysis();
      if (analysis != null && w > 0 && !passedSince(p, s.getStepStartedAt())) {
        s.setMessage(at + ": " + w + "%, waiting for a passing metric check");
        requeueForAnalysis(p);
        return false;
      }
      nextStep(p);
      return true;
    }
    // A pause: without a duration it waits for promote (taken before this step). Its clock runs
    // on while the candidate is short of pods, but the short candidate counts toward the deadline.
    s.setPhase(ReleasePhase.Paused);
    Integer seconds = step.getPause().getDurationSeconds();
    Duration left = seconds == null ? null : p.until(s.getStepStartedAt(), seconds);
    if (left != null && left.isZero()) {
      p.events.add(
          ReleaseEvent.normal(EventReasons.PAUSE_ENDED, at + ": pause of " + seconds + " s ended"));
      nextStep(p);
      return true;
    }
    requeueForAnalysis(p);
    if (left != null) {
      p.requeueIn(left);
    }
    int w = s.getStepWeight();
    if (p.size.capacity() < w) {
      p.waitFor(
          at
              + ": paused, and the candidate lost ready pods ("
              + p.size.candidateReadiness(Sizing.ROUTED, c -> p.size.forWeight(c, w))
              + ")");
    } else {
      s.setMessage(
          at
              + ": paused at "
              + w
              + "%"
              + (left == null ? ", waiting for promote" : " for " + left.toSeconds() + " s more"));
    }
    return false;
  }

  /**
   * Every component at full size in the candidate slot, the worker included (it consumes shared
   * queues, so it switches only now), before the weight goes to 100.
   */
  private static boolean fullPromotion(Planning p) {
    var s = p.s;
    s.setPhase(ReleasePhase.Progressing);
    if (!p.size.candidateAtFullSize(Component.APP_TIER)) {
      p.waitFor(
          "scaling "
              + s.getCandidateVersion()
              + " to full size before full promotion ("
              + p.size.candidateReadiness(Component.APP_TIER, p.size::total)
              + ")");
      return false;
    }
    p.promote(EventReasons.FULLY_PROMOTED, "all traffic on " + s.getCandidateVersion());
    return true;
  }

  private static boolean passedSince(Planning p, String stepStartedAt) {
    Instant started = Planning.instant(stepStartedAt);
    Instant last = Planning.instant(p.s.getLastAnalysisAt());
    return Boolean.TRUE.equals(p.s.getLastAnalysisPassed())
        && last != null
        && !last.isBefore(started);
  }

  private static void nextStep(Planning p) {
    var s = p.s;
    s.setStepIndex(s.getStepIndex() + 1);
    p.newStep();
    List<CanaryStep> steps = p.spec.getCanary().getSteps();
    if (s.getStepIndex() < steps.size() && steps.get(s.getStepIndex()).getPause() != null) {
      Integer d = steps.get(s.getStepIndex()).getPause().getDurationSeconds();
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.CANARY_PAUSED,
              "step "
                  + (s.getStepIndex() + 1)
                  + "/"
                  + steps.size()
                  + ": paused at "
                  + s.getStepWeight()
                  + "%"
                  + (d == null ? " until promote" : " for " + d + " s")));
    }
  }

  private static void requeueForAnalysis(Planning p) {
    // The next check is due by the weight routed now, which this decision may just have raised.
    p.s.setCanaryWeight(RoutingProjection.routedWeight(p));
    ReleasePlanner.analysisWait(p.m, p.s, p.now())
        .ifPresent(d -> p.requeueIn(d.isZero() ? Duration.ofSeconds(1) : d));
  }

  /**
   * Candidate replicas at the current step: enough for the higher of the routed and next weight.
   */
  static int candidateReplicas(Planning p, Component c) {
    var s = p.s;
    List<CanaryStep> steps = p.spec.getCanary().getSteps();
    int i = s.getStepIndex() == null ? 0 : s.getStepIndex();
    if (i >= steps.size()) {
      return p.size.total(c);
    }
    if (c == Component.WORKER) {
      return 0;
    }
    Integer next = steps.get(i).getSetWeight();
    int reached = s.getStepWeight() == null ? 0 : s.getStepWeight();
    return p.size.forWeight(c, Math.max(reached, next == null ? 0 : next));
  }
}
