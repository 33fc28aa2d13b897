package com.suresoft.ams.operator.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One release decision in the making: a working copy of {@code status.release} that the phase and
 * strategy steps move along, the action tokens not yet taken, and what the decision asks for
 * (Events, Jobs, a wake-up). The transitions every strategy shares (start, abort, fail, promote,
 * complete) live here, so each strategy's steps read as its own rules only.
 */
final class Planning {

  /** Copies the status without a hand-written field list (a new field cannot be forgotten). */
  private static final ObjectMapper JSON = new ObjectMapper();

  final ReleaseInputs in;
  final InstanceModel m;
  final ReleaseSpec spec;

  /** {@code spec.version}: what the user wants to run. */
  final String version;

  final ReleaseStatus s;
  final Sizing size;
  final List<ReleaseEvent> events = new ArrayList<>();
  final List<JobRequest> jobs = new ArrayList<>();
  private final Set<Action> pending = EnumSet.noneOf(Action.class);
  private Duration requeue;
  private boolean analysisTaken;

  /** What the candidate is not ready for in this decision, if anything (see {@link #waitFor}). */
  private String waitingFor;

  Planning(ReleaseInputs in) {
    this.in = in;
    this.m = in.model();
    this.spec = m.spec().getRelease();
    this.version = m.spec().getVersion();
    this.s = copy(in.status());
    if (s.getActiveSlot() == null) {
      s.setActiveSlot(Slot.blue);
    }
    if (s.getPhase() == null) {
      s.setPhase(ReleasePhase.Stable);
    }
    this.size = new Sizing(m, in.slots(), s);
    // A token acts at most once, in the reconcile that first sees it, and only if it means
    // something in the current phase: a promote seen while stable must not fire at the next
    // release's pause. So every new token is recorded now, whatever it did.
    var handled = new LinkedHashMap<String, String>();
    if (s.getHandledActions() != null) {
      handled.putAll(s.getHandledActions());
    }
    for (Action a : Action.values()) {
      String token = in.annotations().get(a.annotation());
      if (token != null && !token.isBlank() && !token.equals(handled.get(a.key()))) {
        pending.add(a);
        handled.put(a.key(), token);
      }
    }
    s.setHandledActions(handled.isEmpty() ? null : handled);
  }

  static ReleaseStatus copy(ReleaseStatus from) {
    return from == null ? new ReleaseStatus() : JSON.convertValue(from, ReleaseStatus.class);
  }

  Instant now() {
    return in.now();
  }

  /** Takes {@code a} if it is pending: it acts now and never again. */
  boolean take(Action a) {
    return pending.remove(a);
  }

  Set<Action> pending() {
    return pending.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(pending);
  }

  /** True the first time it is asked: the metric check of this decision is taken in once. */
  boolean takeAnalysis() {
    boolean first = !analysisTaken;
    analysisTaken = true;
    return first;
  }

  void requeueIn(Duration d) {
    if (requeue == null || d.compareTo(requeue) < 0) {
      requeue = d;
    }
  }

  Duration requeue() {
    return requeue;
  }

  /** Time left of {@code seconds} counted from {@code since} (zero when over or never started). */
  Duration until(String since, int seconds) {
    Instant start = instant(since);
    if (start == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(in.now(), start.plusSeconds(seconds));
    return left.isNegative() ? Duration.ZERO : left;
  }

  static Instant instant(String rfc3339) {
    return rfc3339 == null ? null : Instant.parse(rfc3339);
  }

  // ---- which release ----

  /** The strategy of the release under way: fixed at its start, so a spec edit waits. */
  ReleaseStrategy releaseStrategy() {
    return s.getStrategy() == null ? spec.getStrategy() : ReleaseStrategy.valueOf(s.getStrategy());
  }

  Slot candidateSlot() {
    return s.getActiveSlot().other();
  }

  /**
   * Whether the candidate is in its slot taking part in the release: it may receive traffic and the
   * router's canary objects stay in place (Progressing, Paused, Promoting of a two-slot strategy).
   */
  boolean candidateInSlot() {
    return s.getCandidateVersion() != null
        && s.getStableVersion() != null
        && releaseStrategy() != ReleaseStrategy.RollingUpdate
        && EnumSet.of(ReleasePhase.Progressing, ReleasePhase.Paused, ReleasePhase.Promoting)
            .contains(s.getPhase());
  }

  /**
   * The weight the previous decision routed to this same candidate (same version and attempt, in a
   * phase where it was in its slot); 0 otherwise.
   */
  int candidateRouted() {
    var before = in.status();
    if (before == null
        || before.getCanaryWeight() == null
        || !Objects.equals(before.getCandidateVersion(), s.getCandidateVersion())
        || !Objects.equals(before.getStartedAt(), s.getStartedAt())) {
      return 0;
    }
    return before.getCanaryWeight();
  }

  // ---- waiting for the candidate, and the progress deadline ----

  /**
   * The candidate is not ready for its current step: says so, and counts against {@code
   * progressDeadlineSeconds} (checked once the decision is made, see {@link #checkDeadline}).
   */
  void waitFor(String message) {
    waitingFor = message;
    s.setMessage(message);
  }

  /**
   * Starts, keeps or clears the progress clock, and aborts the release once the candidate has been
   * not ready for its step for longer than the deadline. Called once per decision, after the phases
   * moved as far as they could.
   */
  void checkDeadline() {
    if (waitingFor == null) {
      s.setWaitingSince(null);
      return;
    }
    if (s.getWaitingSince() == null) {
      s.setWaitingSince(in.now().toString());
    }
    int deadline = spec.getProgressDeadlineSeconds();
    Duration left = until(s.getWaitingSince(), deadline);
    if (!left.isZero()) {
      requeueIn(left);
      return;
    }
    abort(
        EventReasons.PROGRESS_DEADLINE_EXCEEDED,
        "the candidate "
            + s.getCandidateVersion()
            + " was not ready within progressDeadlineSeconds ("
            + deadline
            + " s): "
            + waitingFor);
  }

  /** A new step starts its own clocks: its pause or delay, and its progress deadline. */
  void newStep() {
    s.setStepStartedAt(in.now().toString());
    s.setWaitingSince(null);
  }

  // ---- transitions shared by every strategy ----

  void start(String reason, String message) {
    boolean fromStable = s.getCandidateVersion() == null;
    s.setCandidateVersion(version);
    s.setStrategy(spec.getStrategy().name());
    newAttempt();
    // The stable size is recorded once per release: a newer version replacing the candidate
    // keeps the record, because the stable slot has not changed since.
    if (fromStable || s.getStableReplicas() == null) {
      s.setStableReplicas(size.stableSizes());
    }
    s.setPhase(ReleasePhase.Migrating);
    events.add(ReleaseEvent.normal(reason, message));
  }

  /** A fresh attempt: its own startedAt (which tells its Jobs from older ones), step 0. */
  void newAttempt() {
    s.setStartedAt(in.now().toString());
    s.setStepStartedAt(in.now().toString());
    s.setStepIndex(releaseStrategy() == ReleaseStrategy.Canary ? 0 : null);
    s.setCanaryWeight(0);
    s.setStepWeight(0);
    s.setPromotionRequested(null);
    s.setWaitingSince(null);
    s.setAnalysisFailures(null);
    s.setAnalysisErrors(null);
    s.setLastAnalysisAt(null);
    s.setLastAnalysisPassed(null);
    s.setLastAnalysis(null);
    s.setMessage(null);
  }

  /**
   * Traffic moves to the stable version at once; the candidate keeps its pods while routes drain.
   */
  void abort(String reason, String why) {
    s.setPhase(ReleasePhase.Aborted);
    s.setMessage(why + "; all traffic on " + s.getStableVersion());
    leaveCandidate();
    events.add(ReleaseEvent.warning(reason, s.getMessage()));
  }

  void fail(String reason, String why) {
    s.setPhase(ReleasePhase.Failed);
    s.setMessage(why);
    leaveCandidate();
    events.add(ReleaseEvent.warning(reason, why));
  }

  /** Takes all traffic off the candidate; its pods stay for {@code abortScaleDownDelaySeconds}. */
  void leaveCandidate() {
    s.setCanaryWeight(0);
    s.setPromotionRequested(null);
    s.setWaitingSince(null);
    drainCandidateSlot();
  }

  /**
   * The candidate slot, which no longer serves, keeps its pods until {@code
   * status.release.scaleDownAt}; a slot without pods (a migration that failed) has nothing to
   * drain.
   */
  void drainCandidateSlot() {
    boolean hasPods =
        Component.APP_TIER.stream()
            .anyMatch(
                c ->
                    in.slots()
                        .get(c, candidateSlot())
                        .map(o -> o.desiredReplicas() > 0)
                        .orElse(false));
    if (hasPods) {
      s.setScaleDownAt(in.now().plusSeconds(spec.getAbortScaleDownDelaySeconds()).toString());
    }
  }

  /** Whether the slot that stopped serving still keeps its pods; asks to wake when it may stop. */
  boolean draining() {
    Instant until = instant(s.getScaleDownAt());
    if (until == null || !in.now().isBefore(until)) {
      return false;
    }
    requeueIn(Duration.between(in.now(), until));
    return true;
  }

  /**
   * Forgets a drain whose time has passed (once per decision, before what it decides is projected).
   */
  void endDrainIfOver() {
    Instant until = instant(s.getScaleDownAt());
    if (until != null && !in.now().isBefore(until)) {
      s.setScaleDownAt(null);
    }
  }

  void promote(String reason, String message) {
    s.setPhase(ReleasePhase.Promoting);
    newStep();
    s.setStepWeight(100);
    s.setPromotionRequested(null);
    events.add(ReleaseEvent.normal(reason, message));
  }

  /** The release is done: {@code slot} runs the candidate and becomes the active slot. */
  void complete(Slot slot) {
    String released = s.getCandidateVersion();
    s.setActiveSlot(slot);
    s.setStableVersion(released);
    settleStable();
    events.add(ReleaseEvent.normal(EventReasons.RELEASED, released + " is the stable version"));
  }

  void settleStable() {
    s.setPhase(ReleasePhase.Stable);
    clearCandidate();
    s.setMessage(null);
  }

  void clearCandidate() {
    s.setCandidateVersion(null);
    s.setStepIndex(null);
    s.setCanaryWeight(null);
    s.setStepWeight(null);
    s.setStepStartedAt(null);
    s.setStableReplicas(null);
    s.setPromotionRequested(null);
    s.setWaitingSince(null);
    s.setPausedAt(null);
    s.setAnalysisFailures(null);
    s.setAnalysisErrors(null);
    s.setLastAnalysisAt(null);
    s.setLastAnalysisPassed(null);
    s.setLastAnalysis(null);
  }
}
