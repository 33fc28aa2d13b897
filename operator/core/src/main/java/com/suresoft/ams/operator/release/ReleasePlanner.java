package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.rollout.CanaryHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
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
 * {@code Aborted} and {@code Failed} as resting states left by {@code retry} or a new version. This
 * class holds the phases every strategy shares (start, revert, supersede, promotion, rest, {@code
 * spec.paused}); each strategy's steps are their own class ({@link RollingUpdateSteps}, {@link
 * BlueGreenSteps}, {@link CanarySteps}), the migration gate is {@link MigrationGate}, sizes are
 * {@link Sizing}, and what is applied is projected from the decided state by {@link
 * RoutingProjection} and {@link AppTierProjection}. A plan may pass through several phases when
 * nothing needs waiting for (e.g. a migration that already succeeded and a first weight whose pods
 * are ready).
 */
public final class ReleasePlanner {

  /** More transitions than any release has in one reconcile; a guard against a loop. */
  private static final int MAX_TRANSITIONS = 64;

  private static final Set<ReleasePhase> UNDER_WAY =
      EnumSet.of(ReleasePhase.Migrating, ReleasePhase.Progressing, ReleasePhase.Paused);

  /** Phases in which a release holds still while {@code spec.paused} is true. */
  private static final Set<ReleasePhase> HOLDABLE =
      EnumSet.of(
          ReleasePhase.Migrating,
          ReleasePhase.Progressing,
          ReleasePhase.Paused,
          ReleasePhase.Promoting);

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
    return run(new Planning(in));
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
  static Optional<Duration> analysisWait(InstanceModel m, ReleaseStatus s, Instant now) {
    AnalysisSpec analysis = m.spec().getRelease().getCanary().getAnalysis();
    if (s == null
        || analysis == null
        || !ReleaseStrategy.Canary.name().equals(s.getStrategy())
        || !UNDER_WAY.contains(s.getPhase())
        || s.getPhase() == ReleasePhase.Migrating
        || s.getPausedAt() != null
        || s.getCanaryWeight() == null
        || s.getCanaryWeight() == 0) {
      return Optional.empty();
    }
    Instant from = Planning.instant(s.getStepStartedAt());
    Instant last = Planning.instant(s.getLastAnalysisAt());
    if (last != null && (from == null || last.isAfter(from))) {
      from = last;
    }
    if (from == null) {
      return Optional.of(Duration.ZERO);
    }
    Duration left = Duration.between(now, from.plusSeconds(analysis.getIntervalSeconds()));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  private static ReleasePlan run(Planning p) {
    var s = p.s;
    Set<Action> offered = p.pending();
    boolean holding = p.in.paused() && HOLDABLE.contains(s.getPhase());
    if (holding) {
      hold(p);
    } else if (!p.in.paused()) {
      resumeTimers(p);
      for (int i = 0; i < MAX_TRANSITIONS && step(p); i++) {
        // each step() that returns true changed phase or step and may be followed by another
      }
      p.checkDeadline();
    }
    int weight = RoutingProjection.routedWeight(p);
    if (holding) {
      // Held: traffic still leaves pods that become unready, but nothing moves it forward.
      weight = Math.min(weight, p.candidateRouted());
    }
    if (s.getCandidateVersion() != null) {
      noteCapacityChange(p, weight);
      s.setCanaryWeight(weight);
    }
    // Tokens no phase took are still handled (recorded above); say so, or they look lost.
    for (Action a : offered) {
      if (p.pending().contains(a)) {
        p.events.add(
            ReleaseEvent.normal(
                EventReasons.ACTION_IGNORED,
                a.key()
                    + " has no effect while "
                    + (p.in.paused() ? "spec.paused is true" : "the release is " + s.getPhase())));
      }
    }
    p.endDrainIfOver();
    var appTier = AppTierProjection.of(p);
    var routing = RoutingProjection.of(p, weight);
    s.setSummary(summary(p));
    s.setCanaryHeader(CanaryHeader.shown(p.in.model()).orElse(null));
    return new ReleasePlan(
        s, appTier, routing, List.copyOf(p.jobs), Optional.ofNullable(p.requeue()), p.events);
  }

  /**
   * {@code spec.paused} during a release: nothing advances and the timers stop ({@code pausedAt}
   * records when), but an abort still acts; the routing projection still takes the weight off pods
   * that become unready.
   */
  private static void hold(Planning p) {
    var s = p.s;
    if (s.getPausedAt() == null) {
      s.setPausedAt(p.now().toString());
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.RELEASE_HELD,
              "spec.paused is true: the release of "
                  + s.getCandidateVersion()
                  + " holds where it is; abort still works"));
    }
    if (p.take(Action.ABORT)) {
      p.abort(EventReasons.RELEASE_ABORTED, "aborted by an abort action");
      return;
    }
    if (p.version.equals(s.getStableVersion())) {
      // A revert is a rollback too: it acts while held, as an abort does.
      revert(p);
      return;
    }
    s.setMessage("held by spec.paused at " + s.getPhase() + "; abort and a revert still act");
  }

  /** After {@code spec.paused}: every timer of the release resumes with the time it had left. */
  private static void resumeTimers(Planning p) {
    var s = p.s;
    Instant pausedAt = Planning.instant(s.getPausedAt());
    if (pausedAt == null) {
      return;
    }
    Duration held = Duration.between(pausedAt, p.now());
    s.setStepStartedAt(later(s.getStepStartedAt(), held));
    s.setWaitingSince(later(s.getWaitingSince(), held));
    s.setLastAnalysisAt(later(s.getLastAnalysisAt(), held));
    s.setPausedAt(null);
    p.events.add(
        ReleaseEvent.normal(
            EventReasons.RELEASE_RESUMED,
            "spec.paused is false: the release resumes after " + held.toSeconds() + " s held"));
  }

  private static String later(String rfc3339, Duration by) {
    Instant t = Planning.instant(rfc3339);
    return t == null ? null : t.plus(by).toString();
  }

  /** An Event when pods that became unready take the candidate's share, and when it comes back. */
  private static void noteCapacityChange(Planning p, int weight) {
    var before = p.in.status();
    var s = p.s;
    if (before == null
        || before.getCanaryWeight() == null
        || !Objects.equals(before.getCandidateVersion(), s.getCandidateVersion())
        || !Objects.equals(before.getStartedAt(), s.getStartedAt())
        || !p.candidateInSlot()
        || s.getStepWeight() == null) {
      return;
    }
    int was = before.getCanaryWeight();
    if (weight < was) {
      p.events.add(
          ReleaseEvent.warning(
              EventReasons.CANDIDATE_UNREADY,
              "the candidate lost ready pods: "
                  + was
                  + "% -> "
                  + weight
                  + "% of traffic until they recover"));
    } else if (weight > was && Objects.equals(before.getStepWeight(), s.getStepWeight())) {
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.CANDIDATE_RECOVERED,
              "the candidate's pods are ready again: " + was + "% -> " + weight + "% of traffic"));
    }
  }

  /** Advances the state by one transition; false when it has to wait. */
  private static boolean step(Planning p) {
    var s = p.s;
    String version = p.version;
    if (s.getStableVersion() == null) {
      return firstInstall(p);
    }
    ReleasePhase phase = s.getPhase();
    if (phase == ReleasePhase.Stable) {
      if (version.equals(s.getStableVersion())) {
        p.clearCandidate();
        s.setMessage(null);
        return false;
      }
      p.start(EventReasons.RELEASE_STARTED, "releasing " + s.getStableVersion() + " -> " + version);
      return true;
    }
    if (version.equals(s.getStableVersion())) {
      revert(p);
      return false;
    }
    return switch (phase) {
      case Migrating, Progressing, Paused -> underWay(p);
      case Promoting -> promoting(p);
      case Aborted, Failed -> resting(p);
      case Stable -> false;
    };
  }

  /**
   * {@code spec.version} set back to the stable version, the GitOps way of rolling back: the
   * release is cancelled and the stable version serves everything at once. During Promoting the old
   * slot still runs, so that is a switch back to it, not a new release.
   */
  private static void revert(Planning p) {
    var s = p.s;
    boolean hadPods = p.candidateInSlot();
    String candidate = s.getCandidateVersion();
    boolean promoting = s.getPhase() == ReleasePhase.Promoting;
    if (hadPods) {
      p.drainCandidateSlot();
    }
    p.settleStable();
    p.events.add(
        promoting
            ? ReleaseEvent.warning(
                EventReasons.RELEASE_REVERTED,
                "spec.version is back at "
                    + s.getStableVersion()
                    + " during promotion: all traffic back on it in slot "
                    + s.getActiveSlot()
                    + "; "
                    + candidate
                    + " removed")
            : ReleaseEvent.normal(
                EventReasons.RELEASE_CANCELLED,
                "spec.version is back at "
                    + s.getStableVersion()
                    + "; candidate "
                    + candidate
                    + " removed"));
  }

  // ---- first install: no stable version yet, nothing serves users ----

  private static boolean firstInstall(Planning p) {
    var s = p.s;
    String version = p.version;
    if (!version.equals(s.getCandidateVersion())) {
      s.setCandidateVersion(version);
      s.setStrategy(p.spec.getStrategy().name());
      p.newAttempt();
      s.setPhase(ReleasePhase.Migrating);
    }
    if (s.getPhase() == ReleasePhase.Failed || s.getPhase() == ReleasePhase.Aborted) {
      if (!p.take(Action.RETRY)) {
        return false;
      }
      p.newAttempt();
      s.setPhase(ReleasePhase.Migrating);
      p.events.add(
          ReleaseEvent.normal(EventReasons.RETRYING, "retrying the migration of " + version));
    }
    if (!MigrationGate.done(p)) {
      return false;
    }
    MigrationGate.noteSucceeded(p);
    s.setStableVersion(version);
    s.setPhase(ReleasePhase.Stable);
    p.clearCandidate();
    s.setMessage(null);
    p.events.add(ReleaseEvent.normal(EventReasons.INSTALLED, version + " installed"));
    return false;
  }

  // ---- a release under way: Migrating, Progressing, Paused ----

  private static boolean underWay(Planning p) {
    var s = p.s;
    if (!p.version.equals(s.getCandidateVersion())) {
      // A new version replaces the candidate: traffic returns to stable at once and the release
      // starts over for the new version, from its own migration. The candidate slot is reused
      // once its pods have drained, so no stable capacity is touched.
      if (p.candidateInSlot()) {
        p.leaveCandidate();
      }
      p.start(
          EventReasons.RELEASE_SUPERSEDED,
          "candidate " + s.getCandidateVersion() + " replaced by " + p.version);
      return true;
    }
    if (p.take(Action.ABORT)) {
      p.abort(EventReasons.RELEASE_ABORTED, "aborted by an abort action");
      return false;
    }
    if (s.getPhase() == ReleasePhase.Migrating) {
      if (p.releaseStrategy() == ReleaseStrategy.BlueGreen) {
        BlueGreenSteps.keepEarlyPromote(p);
      }
      if (!MigrationGate.done(p)) {
        return false;
      }
      if (!candidateSlotFree(p)) {
        return false;
      }
      MigrationGate.noteSucceeded(p);
      beginStrategy(p);
      return true;
    }
    return switch (p.releaseStrategy()) {
      case RollingUpdate -> RollingUpdateSteps.advance(p);
      case BlueGreen -> BlueGreenSteps.advance(p);
      case Canary -> CanarySteps.advance(p);
    };
  }

  /**
   * The candidate slot may take the new version once the pods of an aborted or replaced candidate
   * of another version have drained, and the Deployment controller has seen them go (otherwise
   * their ready count could be taken for the new version's). Pods of the same version (a retry)
   * simply go on.
   */
  private static boolean candidateSlotFree(Planning p) {
    if (p.releaseStrategy() == ReleaseStrategy.RollingUpdate) {
      return true;
    }
    boolean otherVersion =
        Component.APP_TIER.stream()
            .map(c -> p.in.slots().get(c, p.candidateSlot()))
            .flatMap(Optional::stream)
            .anyMatch(
                o -> o.desiredReplicas() > 0 && !p.s.getCandidateVersion().equals(o.version()));
    if (!otherVersion) {
      p.s.setScaleDownAt(null);
    } else if (p.draining()) {
      p.s.setMessage(
          "the candidate slot "
              + p.candidateSlot()
              + " drains before "
              + p.s.getCandidateVersion()
              + " starts in it");
      return false;
    }
    for (Component c : Component.APP_TIER) {
      var o = p.in.slots().get(c, p.candidateSlot());
      if (o.isPresent()
          && !o.get().current()
          && !p.s.getCandidateVersion().equals(o.get().version())) {
        return false;
      }
    }
    return true;
  }

  private static void beginStrategy(Planning p) {
    var s = p.s;
    s.setPhase(ReleasePhase.Progressing);
    p.newStep();
    s.setCanaryWeight(0);
    s.setStepWeight(0);
    s.setStepIndex(p.releaseStrategy() == ReleaseStrategy.Canary ? 0 : null);
    p.events.add(
        ReleaseEvent.normal(
            EventReasons.CANDIDATE_STARTING,
            p.releaseStrategy()
                + ": starting "
                + s.getCandidateVersion()
                + " in slot "
                + p.candidateSlot()));
  }

  // ---- Promoting: the candidate serves everything; the old slot waits for scale-down ----

  private static boolean promoting(Planning p) {
    var s = p.s;
    if (p.take(Action.ABORT)) {
      // The old slot still runs (scale-down delay): rolling back is a selector switch.
      p.abort(EventReasons.RELEASE_ABORTED, "rolled back by an abort action during promotion");
      return false;
    }
    if (!p.version.equals(s.getCandidateVersion())) {
      // A newer version while promoting: finish this promotion now (the old slot is about to be
      // reused for the newer candidate), then start the next release from it.
      p.complete(p.candidateSlot());
      return true;
    }
    int delay = p.spec.getBlueGreen().getScaleDownDelaySeconds();
    Duration left = p.until(s.getStepStartedAt(), delay);
    boolean allReady = p.size.candidateAtFullSize(Component.APP_TIER);
    if (!allReady) {
      p.waitFor(
          s.getCandidateVersion()
              + " serves all traffic; slot "
              + s.getActiveSlot()
              + " scales down once every component is ready ("
              + p.size.candidateReadiness(Component.APP_TIER, p.size::total)
              + ")");
    } else if (!left.isZero()) {
      s.setMessage(
          s.getCandidateVersion()
              + " serves all traffic; slot "
              + s.getActiveSlot()
              + " scales down in "
              + left.toSeconds()
              + " s");
    }
    if (!left.isZero()) {
      p.requeueIn(left);
    }
    if (!left.isZero() || !allReady) {
      return false;
    }
    p.complete(p.candidateSlot());
    return false;
  }

  // ---- Aborted, Failed: stable serves everything until retry or a new version ----

  private static boolean resting(Planning p) {
    var s = p.s;
    if (!p.version.equals(s.getCandidateVersion())) {
      p.start(
          EventReasons.RELEASE_STARTED, "releasing " + s.getStableVersion() + " -> " + p.version);
      return true;
    }
    if (p.take(Action.RETRY)) {
      p.newAttempt();
      s.setPhase(ReleasePhase.Migrating);
      p.events.add(
          ReleaseEvent.normal(EventReasons.RETRYING, "retrying the release of " + p.version));
      return true;
    }
    return false;
  }

  private static String summary(Planning p) {
    var s = p.s;
    String strategy = s.getStrategy() == null ? p.spec.getStrategy().name() : s.getStrategy();
    String held = s.getPausedAt() != null ? " held" : "";
    return switch (s.getPhase()) {
      case Stable -> "Stable";
      case Migrating -> "Migrating" + held;
      case Promoting -> "Promoting" + held;
      case Aborted -> "Aborted";
      case Failed -> "Failed";
      case Progressing, Paused ->
          switch (p.releaseStrategy()) {
                case RollingUpdate -> "RollingUpdate";
                case BlueGreen ->
                    s.getPhase() == ReleasePhase.Paused
                        ? "BlueGreen preview"
                        : "BlueGreen starting";
                case Canary ->
                    strategy
                        + " "
                        + (s.getCanaryWeight() == null ? 0 : s.getCanaryWeight())
                        + "%"
                        + (s.getPhase() == ReleasePhase.Paused ? " paused" : "");
              }
              + held;
    };
  }
}
