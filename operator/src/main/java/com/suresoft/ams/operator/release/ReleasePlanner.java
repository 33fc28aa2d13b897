package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanaryStep;
import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The release state machine: a pure function from (resolved spec, {@code status.release}, observed
 * slots and Jobs, action tokens, now) to the next state and what to apply. Everything it needs to
 * resume lives in the status it returns, so an operator restarted at any point picks up the same
 * step; everything it waits for is either observed (Deployments, Jobs: they trigger reconciles) or
 * a timer (returned as {@link ReleasePlan#requeueAfter}).
 *
 * <p>Phases: {@code Stable -> Migrating -> Progressing <-> Paused -> Promoting -> Stable}, with
 * {@code Aborted} and {@code Failed} as resting states left by {@code retry} or a new version. One
 * method per phase below; a plan may pass through several phases when nothing needs waiting for
 * (e.g. a migration that already succeeded and a first weight whose pods are ready).
 */
public final class ReleasePlanner {

  /** More transitions than any release has in one reconcile; a guard against a loop. */
  private static final int MAX_TRANSITIONS = 64;

  private static final Set<ReleasePhase> UNDER_WAY =
      EnumSet.of(ReleasePhase.Migrating, ReleasePhase.Progressing, ReleasePhase.Paused);

  private ReleasePlanner() {}

  /**
   * Whether the caller should check the candidate's metrics before calling {@link #plan}: a canary
   * with analysis, traffic on the candidate, and an interval passed since the weight changed or the
   * last check.
   */
  public static boolean analysisDue(InstanceModel m, ReleaseStatus status, Instant now) {
    return analysisWait(m, status, now).map(Duration::isZero).orElse(false);
  }

  public static ReleasePlan plan(ReleaseInputs in) {
    return new Planning(in).run();
  }

  /**
   * The plan of an instance installed at {@code spec.version} in {@code slot} with no release under
   * way: what {@code render} shows, decided by the same rules as a running instance.
   */
  public static ReleasePlan steady(InstanceModel m, Slot slot) {
    var status = new ReleaseStatus();
    status.setStableVersion(m.spec().getVersion());
    status.setPhase(ReleasePhase.Stable);
    status.setActiveSlot(slot);
    return plan(
        new ReleaseInputs(m, status, null, null, null, null, null, false, null, Instant.EPOCH));
  }

  /** Time until the next check is due (zero: due now); empty when no check applies. */
  private static Optional<Duration> analysisWait(InstanceModel m, ReleaseStatus s, Instant now) {
    AnalysisSpec analysis = m.spec().getRelease().getCanary().getAnalysis();
    if (s == null
        || analysis == null
        || !ReleaseStrategy.Canary.name().equals(s.getStrategy())
        || !UNDER_WAY.contains(s.getPhase())
        || s.getPhase() == ReleasePhase.Migrating
        || s.getCanaryWeight() == null
        || s.getCanaryWeight() == 0) {
      return Optional.empty();
    }
    Instant from = instant(s.getStepStartedAt());
    Instant last = instant(s.getLastAnalysisAt());
    if (last != null && (from == null || last.isAfter(from))) {
      from = last;
    }
    if (from == null) {
      return Optional.of(Duration.ZERO);
    }
    Duration left = Duration.between(now, from.plusSeconds(analysis.getIntervalSeconds()));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  private static Instant instant(String rfc3339) {
    return rfc3339 == null ? null : Instant.parse(rfc3339);
  }

  /** One decision: a working copy of the status that the phase methods move along. */
  private static final class Planning {
    private final ReleaseInputs in;
    private final InstanceModel m;
    private final ReleaseSpec spec;
    private final String version;
    private final ReleaseStatus s;
    private final Set<Action> pending = EnumSet.noneOf(Action.class);
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final List<JobRequest> jobs = new ArrayList<>();
    private Duration requeue;
    private boolean analysisFolded;

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

    ReleasePlan run() {
      Set<Action> offered = EnumSet.copyOf(pending);
      for (int i = 0; i < MAX_TRANSITIONS && step(); i++) {
        // each step() that returns true changed phase or step and may be followed by another
      }
      // Tokens no phase took are still handled (recorded above); say so, or they look lost.
      for (Action a : offered) {
        if (pending.contains(a)) {
          events.add(
              ReleaseEvent.normal(
                  "ActionIgnored",
                  a.key() + " has no effect while the release is " + s.getPhase()));
        }
      }
      s.setSummary(summary());
      return new ReleasePlan(
          s, appTier(), routing(), List.copyOf(jobs), Optional.ofNullable(requeue), events);
    }

    /** Takes {@code a} if it is pending: it acts now and never again. */
    private boolean take(Action a) {
      return pending.remove(a);
    }

    /** Advances the state by one transition; false when it has to wait. */
    private boolean step() {
      if (s.getStableVersion() == null) {
        return firstInstall();
      }
      ReleasePhase phase = s.getPhase();
      if (phase == ReleasePhase.Stable) {
        if (version.equals(s.getStableVersion())) {
          clearCandidate();
          s.setMessage(null);
          return false;
        }
        start("ReleaseStarted", "releasing " + s.getStableVersion() + " -> " + version);
        return true;
      }
      if (version.equals(s.getStableVersion()) && phase != ReleasePhase.Promoting) {
        // spec.version set back to the stable version: the GitOps way of rolling back.
        events.add(
            ReleaseEvent.normal(
                "ReleaseCancelled",
                "spec.version is back at "
                    + version
                    + "; candidate "
                    + s.getCandidateVersion()
                    + " removed"));
        settleStable();
        return false;
      }
      return switch (phase) {
        case Migrating, Progressing, Paused -> underWay();
        case Promoting -> promoting();
        case Aborted, Failed -> resting();
        case Stable -> false;
      };
    }

    // ---- first install: no stable version yet, nothing serves users ----

    private boolean firstInstall() {
      if (!version.equals(s.getCandidateVersion())) {
        s.setCandidateVersion(version);
        s.setStrategy(strategy().name());
        newAttempt();
        s.setPhase(ReleasePhase.Migrating);
      }
      if (s.getPhase() == ReleasePhase.Failed || s.getPhase() == ReleasePhase.Aborted) {
        if (!take(Action.RETRY)) {
          return false;
        }
        newAttempt();
        s.setPhase(ReleasePhase.Migrating);
        events.add(ReleaseEvent.normal("Retrying", "retrying the migration of " + version));
      }
      if (!migrationDone()) {
        return false;
      }
      s.setStableVersion(version);
      s.setPhase(ReleasePhase.Stable);
      clearCandidate();
      s.setMessage(null);
      events.add(ReleaseEvent.normal("Installed", version + " installed"));
      return false;
    }

    // ---- a release under way: Migrating, Progressing, Paused ----

    private boolean underWay() {
      if (!version.equals(s.getCandidateVersion())) {
        // A new version replaces the candidate: traffic returns to stable at once (the candidate's
        // weight restarts at 0) and the release starts over for the new version, from its own
        // migration. The candidate slot is reused, so no stable capacity is touched.
        start(
            "ReleaseSuperseded",
            "candidate " + s.getCandidateVersion() + " replaced by " + version);
        return true;
      }
      if (take(Action.ABORT)) {
        abort("aborted by an abort action");
        return false;
      }
      if (s.getPhase() == ReleasePhase.Migrating) {
        if (!migrationDone()) {
          return false;
        }
        beginStrategy();
        return true;
      }
      return switch (releaseStrategy()) {
        case RollingUpdate -> rolling();
        case BlueGreen -> blueGreen();
        case Canary -> canary();
      };
    }

    /** Drives the migration Job; true once it succeeded (or migrations are off). */
    private boolean migrationDone() {
      var migration = spec.getMigration();
      if (!migration.getEnabled()) {
        return true;
      }
      String job = m.names().migrationJob(s.getCandidateVersion());
      JobObservation seen = in.migration();
      // Once per version: a succeeded Job counts whichever attempt ran it.
      if (seen.state() == JobState.SUCCEEDED) {
        events.add(ReleaseEvent.normal("MigrationSucceeded", job + " succeeded"));
        return true;
      }
      if (seen.state() == JobState.FAILED && seen.isOf(s.getStartedAt())) {
        fail(
            "MigrationFailed",
            "migration Job " + job + " failed; the stable version keeps serving");
        return false;
      }
      boolean stale = seen.state() != JobState.ABSENT && !seen.isOf(s.getStartedAt());
      jobs.add(
          new JobRequest(
              JobRequest.Kind.MIGRATION, job, s.getCandidateVersion(), s.getStartedAt(), stale));
      s.setPhase(ReleasePhase.Migrating);
      s.setMessage("migrating the database for " + s.getCandidateVersion() + " (Job " + job + ")");
      return false;
    }

    private void beginStrategy() {
      s.setPhase(ReleasePhase.Progressing);
      s.setStepStartedAt(in.now().toString());
      s.setCanaryWeight(0);
      s.setStepIndex(releaseStrategy() == ReleaseStrategy.Canary ? 0 : null);
      events.add(
          ReleaseEvent.normal(
              "CandidateStarting",
              releaseStrategy()
                  + ": starting "
                  + s.getCandidateVersion()
                  + " in slot "
                  + candidateSlot()));
    }

    // ---- RollingUpdate: the active slot is updated in place ----

    private boolean rolling() {
      for (Component c : Component.APP_TIER) {
        if (!slotReady(c, s.getActiveSlot(), s.getCandidateVersion(), total(c))) {
          s.setMessage("rolling " + s.getStableVersion() + " -> " + s.getCandidateVersion());
          return false;
        }
      }
      complete(s.getActiveSlot());
      return false;
    }

    // ---- BlueGreen: candidate at full size behind preview Services, then a selector switch ----

    private boolean blueGreen() {
      if (s.getPhase() == ReleasePhase.Paused) {
        return bluePreview();
      }
      if (!routedReady(total(Component.WEB), total(Component.API))) {
        s.setMessage("scaling up " + s.getCandidateVersion() + " in slot " + candidateSlot());
        return false;
      }
      if (spec.getBlueGreen().getPreviewService()) {
        String job = m.names().smokeCheckJob(s.getCandidateVersion());
        JobObservation seen = in.smokeCheck();
        boolean current = seen.isOf(s.getStartedAt());
        if (current && seen.state() == JobState.FAILED) {
          fail(
              "SmokeCheckFailed",
              "smoke check "
                  + job
                  + " failed against the preview; the stable version keeps serving");
          return false;
        }
        if (!(current && seen.state() == JobState.SUCCEEDED)) {
          jobs.add(
              new JobRequest(
                  JobRequest.Kind.SMOKE_CHECK,
                  job,
                  s.getCandidateVersion(),
                  s.getStartedAt(),
                  seen.state() != JobState.ABSENT && !current));
          s.setMessage("smoke check " + job + " running against the preview");
          return false;
        }
      }
      s.setPhase(ReleasePhase.Paused);
      s.setStepStartedAt(in.now().toString());
      events.add(
          ReleaseEvent.normal(
              "PreviewReady",
              s.getCandidateVersion() + " is ready in slot " + candidateSlot() + " for preview"));
      return true;
    }

    private boolean bluePreview() {
      Integer auto = spec.getBlueGreen().getAutoPromotionSeconds();
      if (take(Action.PROMOTE) | take(Action.PROMOTE_FULL)) {
        promote("Promoted", "promoted by an action");
        return true;
      }
      if (auto != null) {
        Duration left = until(s.getStepStartedAt(), auto);
        if (left.isZero()) {
          promote("Promoted", "promoted automatically after " + auto + " s of preview");
          return true;
        }
        requeueIn(left);
        s.setMessage(
            "preview of "
                + s.getCandidateVersion()
                + "; promotes by itself in "
                + left.toSeconds()
                + " s");
      } else {
        s.setMessage("preview of " + s.getCandidateVersion() + "; waiting for promote");
      }
      return false;
    }

    // ---- Canary: weights step by step ----

    private boolean canary() {
      List<CanaryStep> steps = spec.getCanary().getSteps();
      int n = steps.size();
      AnalysisSpec analysis = spec.getCanary().getAnalysis();
      if (in.analysis().isPresent() && analysis != null && !analysisFolded) {
        analysisFolded = true;
        AnalysisResult r = in.analysis().get();
        s.setLastAnalysisAt(in.now().toString());
        s.setLastAnalysisPassed(r.passed());
        s.setLastAnalysis(r.message());
        if (!r.passed()) {
          int failures = (s.getAnalysisFailures() == null ? 0 : s.getAnalysisFailures()) + 1;
          s.setAnalysisFailures(failures);
          events.add(
              ReleaseEvent.warning(
                  "AnalysisFailed",
                  "check "
                      + failures
                      + " of "
                      + (analysis.getFailureLimit() + 1)
                      + " failed: "
                      + r.message()));
          if (failures > analysis.getFailureLimit()) {
            abort(
                "analysis failed "
                    + failures
                    + " times (failureLimit "
                    + analysis.getFailureLimit()
                    + "): "
                    + r.message());
            return false;
          }
        }
      }
      if (take(Action.PROMOTE_FULL)) {
        s.setStepIndex(n);
        s.setStepStartedAt(in.now().toString());
        events.add(ReleaseEvent.normal("PromotedFull", "skipping the remaining steps"));
      } else if (take(Action.PROMOTE) && s.getStepIndex() < n) {
        events.add(
            ReleaseEvent.normal(
                "Promoted", "step " + (s.getStepIndex() + 1) + "/" + n + " skipped by promote"));
        nextStep();
      }
      return canaryStep(steps, analysis);
    }

    private boolean canaryStep(List<CanaryStep> steps, AnalysisSpec analysis) {
      int n = steps.size();
      int i = s.getStepIndex();
      if (i >= n) {
        // Full promotion: every component at full size in the candidate slot, worker included
        // (it consumes shared queues, so it switches only now), before the weight goes to 100.
        s.setPhase(ReleasePhase.Progressing);
        if (!routedReady(total(Component.WEB), total(Component.API))
            || !slotReady(
                Component.WORKER,
                candidateSlot(),
                s.getCandidateVersion(),
                total(Component.WORKER))) {
          s.setMessage(
              "scaling " + s.getCandidateVersion() + " to full size before full promotion");
          return false;
        }
        s.setCanaryWeight(100);
        promote("FullyPromoted", "all traffic on " + s.getCandidateVersion());
        return true;
      }
      CanaryStep step = steps.get(i);
      String at = "step " + (i + 1) + "/" + n;
      if (step.getSetWeight() != null) {
        int w = step.getSetWeight();
        s.setPhase(ReleasePhase.Progressing);
        if (!Objects.equals(s.getCanaryWeight(), w)) {
          if (!routedReady(
              candidateReplicas(Component.WEB, w), candidateReplicas(Component.API, w))) {
            s.setMessage(at + ": scaling the candidate for " + w + "%");
            return false;
          }
          s.setCanaryWeight(w);
          s.setStepStartedAt(in.now().toString());
          events.add(
              ReleaseEvent.normal(
                  "CanaryWeight", at + ": " + w + "% of traffic on " + s.getCandidateVersion()));
        }
        if (analysis != null && w > 0) {
          Instant started = instant(s.getStepStartedAt());
          Instant last = instant(s.getLastAnalysisAt());
          boolean passedHere =
              Boolean.TRUE.equals(s.getLastAnalysisPassed())
                  && last != null
                  && !last.isBefore(started);
          if (!passedHere) {
            s.setMessage(at + ": " + w + "%, waiting for a passing metric check");
            analysisWait(m, s, in.now())
                .ifPresent(d -> requeueIn(d.isZero() ? Duration.ofSeconds(1) : d));
            return false;
          }
        }
        nextStep();
        return true;
      }
      // A pause: without a duration it waits for promote (handled before this step).
      s.setPhase(ReleasePhase.Paused);
      Integer seconds = step.getPause().getDurationSeconds();
      if (seconds == null) {
        s.setMessage(at + ": paused at " + s.getCanaryWeight() + "%, waiting for promote");
        requeueForAnalysis();
        return false;
      }
      Duration left = until(s.getStepStartedAt(), seconds);
      if (left.isZero()) {
        events.add(ReleaseEvent.normal("PauseEnded", at + ": pause of " + seconds + " s ended"));
        nextStep();
        return true;
      }
      s.setMessage(
          at + ": paused at " + s.getCanaryWeight() + "% for " + left.toSeconds() + " s more");
      requeueIn(left);
      requeueForAnalysis();
      return false;
    }

    private void nextStep() {
      s.setStepIndex(s.getStepIndex() + 1);
      s.setStepStartedAt(in.now().toString());
      List<CanaryStep> steps = spec.getCanary().getSteps();
      if (s.getStepIndex() < steps.size() && steps.get(s.getStepIndex()).getPause() != null) {
        Integer d = steps.get(s.getStepIndex()).getPause().getDurationSeconds();
        events.add(
            ReleaseEvent.normal(
                "CanaryPaused",
                "step "
                    + (s.getStepIndex() + 1)
                    + "/"
                    + steps.size()
                    + ": paused at "
                    + s.getCanaryWeight()
                    + "%"
                    + (d == null ? " until promote" : " for " + d + " s")));
      }
    }

    private void requeueForAnalysis() {
      analysisWait(m, s, in.now())
          .ifPresent(d -> requeueIn(d.isZero() ? Duration.ofSeconds(1) : d));
    }

    // ---- Promoting: the candidate serves everything; the old slot waits for scale-down ----

    private void promote(String reason, String message) {
      s.setPhase(ReleasePhase.Promoting);
      s.setStepStartedAt(in.now().toString());
      events.add(ReleaseEvent.normal(reason, message));
    }

    private boolean promoting() {
      if (take(Action.ABORT)) {
        // The old slot still runs (scale-down delay): rolling back is a selector switch.
        abort("rolled back by an abort action during the scale-down delay");
        return false;
      }
      if (!version.equals(s.getCandidateVersion())) {
        // A newer version while promoting: finish this promotion now (the old slot is about to be
        // reused for the newer candidate), then start the next release from it.
        complete(candidateSlot());
        return true;
      }
      int delay = spec.getBlueGreen().getScaleDownDelaySeconds();
      Duration left = until(s.getStepStartedAt(), delay);
      boolean allReady =
          Component.APP_TIER.stream()
              .allMatch(c -> slotReady(c, candidateSlot(), s.getCandidateVersion(), total(c)));
      if (!left.isZero() || !allReady) {
        s.setMessage(
            s.getCandidateVersion()
                + " serves all traffic; slot "
                + s.getActiveSlot()
                + " scales down "
                + (left.isZero()
                    ? "once every component is ready"
                    : "in " + left.toSeconds() + " s"));
        if (!left.isZero()) {
          requeueIn(left);
        }
        return false;
      }
      complete(candidateSlot());
      return false;
    }

    // ---- Aborted, Failed: stable serves everything until retry or a new version ----

    private boolean resting() {
      if (!version.equals(s.getCandidateVersion())) {
        start("ReleaseStarted", "releasing " + s.getStableVersion() + " -> " + version);
        return true;
      }
      if (take(Action.RETRY)) {
        newAttempt();
        s.setPhase(ReleasePhase.Migrating);
        events.add(ReleaseEvent.normal("Retrying", "retrying the release of " + version));
        return true;
      }
      return false;
    }

    // ---- transitions shared by the phases ----

    private void start(String reason, String message) {
      s.setCandidateVersion(version);
      s.setStrategy(strategy().name());
      newAttempt();
      s.setPhase(ReleasePhase.Migrating);
      events.add(ReleaseEvent.normal(reason, message));
    }

    /** A fresh attempt: its own startedAt (which tells its Jobs from older ones), step 0. */
    private void newAttempt() {
      s.setStartedAt(in.now().toString());
      s.setStepStartedAt(in.now().toString());
      s.setStepIndex(releaseStrategy() == ReleaseStrategy.Canary ? 0 : null);
      s.setCanaryWeight(0);
      s.setAnalysisFailures(null);
      s.setLastAnalysisAt(null);
      s.setLastAnalysisPassed(null);
      s.setLastAnalysis(null);
      s.setMessage(null);
    }

    private void abort(String why) {
      s.setPhase(ReleasePhase.Aborted);
      s.setCanaryWeight(0);
      s.setMessage(why + "; all traffic on " + s.getStableVersion());
      events.add(ReleaseEvent.warning("ReleaseAborted", s.getMessage()));
    }

    private void fail(String reason, String why) {
      s.setPhase(ReleasePhase.Failed);
      s.setCanaryWeight(0);
      s.setMessage(why);
      events.add(ReleaseEvent.warning(reason, why));
    }

    /** The release is done: {@code slot} runs the candidate and becomes the active slot. */
    private void complete(Slot slot) {
      String released = s.getCandidateVersion();
      s.setActiveSlot(slot);
      s.setStableVersion(released);
      settleStable();
      events.add(ReleaseEvent.normal("Released", released + " is the stable version"));
    }

    private void settleStable() {
      s.setPhase(ReleasePhase.Stable);
      clearCandidate();
      s.setMessage(null);
    }

    private void clearCandidate() {
      s.setCandidateVersion(null);
      s.setStepIndex(null);
      s.setCanaryWeight(null);
      s.setStepStartedAt(null);
      s.setAnalysisFailures(null);
      s.setLastAnalysisAt(null);
      s.setLastAnalysisPassed(null);
      s.setLastAnalysis(null);
    }

    // ---- what to apply ----

    private AppTierPlan appTier() {
      Slot active = s.getActiveSlot();
      var slots = new ArrayList<SlotPlan>();
      ReleasePhase phase = s.getPhase();
      if (s.getStableVersion() == null) {
        // First install: no pod before the migration has succeeded.
        return new AppTierPlan(active, slots);
      }
      boolean twoSlots =
          s.getCandidateVersion() != null && releaseStrategy() != ReleaseStrategy.RollingUpdate;
      if (!twoSlots) {
        String v =
            phase == ReleasePhase.Progressing && s.getCandidateVersion() != null
                ? s.getCandidateVersion()
                : s.getStableVersion();
        for (Component c : Component.APP_TIER) {
          slots.add(new SlotPlan(c, active, v, servingReplicas(c)));
        }
        return new AppTierPlan(active, slots);
      }
      Slot candidate = candidateSlot();
      if (phase == ReleasePhase.Promoting) {
        boolean workerMoved =
            slotReady(
                Component.WORKER, candidate, s.getCandidateVersion(), total(Component.WORKER));
        for (Component c : Component.APP_TIER) {
          slots.add(new SlotPlan(c, candidate, s.getCandidateVersion(), servingReplicas(c)));
          // The old slot keeps full size for an instant rollback; the worker alone stops once
          // the new worker runs, so two versions do not consume the queues for long.
          int old = c == Component.WORKER && workerMoved ? 0 : total(c);
          slots.add(new SlotPlan(c, active, s.getStableVersion(), old));
        }
        return new AppTierPlan(candidate, slots);
      }
      for (Component c : Component.APP_TIER) {
        slots.add(new SlotPlan(c, active, s.getStableVersion(), servingReplicas(c)));
        int replicas =
            switch (phase) {
              case Progressing, Paused -> candidateReplicas(c);
              default -> 0; // Migrating (no candidate pod before the migration), Aborted, Failed
            };
        slots.add(new SlotPlan(c, candidate, s.getCandidateVersion(), replicas));
      }
      return new AppTierPlan(active, slots);
    }

    private RoutingIntent routing() {
      Slot active = s.getActiveSlot();
      // A release keeps the strategy it started with; between releases the spec's applies, so
      // switching away from an Istio canary removes its routing objects at once.
      ReleaseStrategy strategy = s.getCandidateVersion() == null ? strategy() : releaseStrategy();
      TrafficRouter router =
          strategy == ReleaseStrategy.Canary ? spec.getCanary().getTrafficRouter() : null;
      // Istio picks slots by subset, so its Services select both slots all the time; switching a
      // selector there would bypass the VirtualService weights.
      Slot serviceSlotOf = router == TrafficRouter.Istio ? null : active;
      boolean twoSlots =
          s.getCandidateVersion() != null
              && s.getStableVersion() != null
              && strategy != ReleaseStrategy.RollingUpdate;
      if (!twoSlots) {
        return new RoutingIntent(serviceSlotOf, null, active, null, 0, false, router);
      }
      Slot candidate = candidateSlot();
      ReleasePhase phase = s.getPhase();
      boolean candidateServes =
          (phase == ReleasePhase.Progressing || phase == ReleasePhase.Paused) && routedReady(1, 1);
      if (phase == ReleasePhase.Promoting) {
        return new RoutingIntent(
            router == TrafficRouter.Istio ? null : candidate,
            previewSlot(strategy, candidate),
            active,
            candidate,
            100,
            router != null,
            router);
      }
      if (strategy == ReleaseStrategy.BlueGreen) {
        return new RoutingIntent(
            active,
            phase == ReleasePhase.Progressing || phase == ReleasePhase.Paused
                ? previewSlot(strategy, candidate)
                : null,
            active,
            candidate,
            0,
            false,
            null);
      }
      int weight = candidateServes && s.getCanaryWeight() != null ? s.getCanaryWeight() : 0;
      return new RoutingIntent(
          serviceSlotOf, null, active, candidate, weight, candidateServes, router);
    }

    private Slot previewSlot(ReleaseStrategy strategy, Slot candidate) {
      return strategy == ReleaseStrategy.BlueGreen && spec.getBlueGreen().getPreviewService()
          ? candidate
          : null;
    }

    private String summary() {
      String strategy = s.getStrategy() == null ? strategy().name() : s.getStrategy();
      return switch (s.getPhase()) {
        case Stable -> "Stable";
        case Migrating -> "Migrating";
        case Promoting -> "Promoting";
        case Aborted -> "Aborted";
        case Failed -> "Failed";
        case Progressing, Paused ->
            switch (releaseStrategy()) {
              case RollingUpdate -> "RollingUpdate";
              case BlueGreen ->
                  s.getPhase() == ReleasePhase.Paused ? "BlueGreen preview" : "BlueGreen starting";
              case Canary ->
                  strategy
                      + " "
                      + (s.getCanaryWeight() == null ? 0 : s.getCanaryWeight())
                      + "%"
                      + (s.getPhase() == ReleasePhase.Paused ? " paused" : "");
            };
      };
    }

    // ---- replicas and readiness ----

    /** The strategy of the release under way: fixed at its start, so a spec edit waits. */
    private ReleaseStrategy releaseStrategy() {
      return s.getStrategy() == null ? strategy() : ReleaseStrategy.valueOf(s.getStrategy());
    }

    private ReleaseStrategy strategy() {
      return spec.getStrategy();
    }

    private Slot candidateSlot() {
      return s.getActiveSlot().other();
    }

    /**
     * The component's full size: its replicas, or what its HPA wants now (falling back to what the
     * serving Deployment asks for, then the HPA's minimum).
     */
    private int total(Component c) {
      ComponentSpec cs = AppTierPlan.componentSpec(m, c);
      if (!cs.getAutoscaling().getEnabled()) {
        return cs.getReplicas();
      }
      return in.slots()
          .hpaReplicas(c)
          .or(() -> in.slots().get(c, s.getActiveSlot()).map(SlotObservation::desiredReplicas))
          .filter(r -> r > 0)
          .orElse(cs.getAutoscaling().getMinReplicas());
    }

    /** The serving slot's replicas: none while an HPA owns them. */
    private Integer servingReplicas(Component c) {
      return AppTierPlan.replicasOf(AppTierPlan.componentSpec(m, c));
    }

    /** Candidate replicas while the release is under way, by strategy and step. */
    private int candidateReplicas(Component c) {
      if (releaseStrategy() == ReleaseStrategy.BlueGreen) {
        return c == Component.WORKER ? 0 : total(c);
      }
      int n = spec.getCanary().getSteps().size();
      int i = s.getStepIndex() == null ? 0 : s.getStepIndex();
      if (i >= n) {
        return total(c);
      }
      if (c == Component.WORKER) {
        return 0;
      }
      Integer stepWeight = spec.getCanary().getSteps().get(i).getSetWeight();
      int w =
          Math.max(
              s.getCanaryWeight() == null ? 0 : s.getCanaryWeight(),
              stepWeight == null ? 0 : stepWeight);
      return candidateReplicas(c, w);
    }

    /**
     * ceil(total x weight), and at least one pod: the header route sends requests to the candidate
     * at every weight, 0 % included.
     */
    private int candidateReplicas(Component c, int weight) {
      return Math.max(1, (int) Math.ceil(total(c) * weight / 100.0));
    }

    /** Web and API candidates run the candidate version with at least these ready pods. */
    private boolean routedReady(int web, int api) {
      return slotReady(Component.WEB, candidateSlot(), s.getCandidateVersion(), web)
          && slotReady(Component.API, candidateSlot(), s.getCandidateVersion(), api);
    }

    private boolean slotReady(Component c, Slot slot, String v, int replicas) {
      return in.slots().get(c, slot).map(o -> o.readyAt(v, replicas)).orElse(replicas == 0);
    }

    private Duration until(String since, int seconds) {
      Instant start = instant(since);
      if (start == null) {
        return Duration.ZERO;
      }
      Duration left = Duration.between(in.now(), start.plusSeconds(seconds));
      return left.isNegative() ? Duration.ZERO : left;
    }

    private void requeueIn(Duration d) {
      if (requeue == null || d.compareTo(requeue) < 0) {
        requeue = d;
      }
    }
  }

  /** A copy, so the caller's status object is never changed. */
  static ReleaseStatus copy(ReleaseStatus from) {
    var to = new ReleaseStatus();
    if (from == null) {
      return to;
    }
    to.setStableVersion(from.getStableVersion());
    to.setCandidateVersion(from.getCandidateVersion());
    to.setStrategy(from.getStrategy());
    to.setPhase(from.getPhase());
    to.setStepIndex(from.getStepIndex());
    to.setCanaryWeight(from.getCanaryWeight());
    to.setActiveSlot(from.getActiveSlot());
    to.setMessage(from.getMessage());
    to.setStartedAt(from.getStartedAt());
    to.setSummary(from.getSummary());
    to.setStepStartedAt(from.getStepStartedAt());
    to.setAnalysisFailures(from.getAnalysisFailures());
    to.setLastAnalysisAt(from.getLastAnalysisAt());
    to.setLastAnalysisPassed(from.getLastAnalysisPassed());
    to.setLastAnalysis(from.getLastAnalysis());
    to.setHandledActions(
        from.getHandledActions() == null ? null : new LinkedHashMap<>(from.getHandledActions()));
    return to;
  }
}
