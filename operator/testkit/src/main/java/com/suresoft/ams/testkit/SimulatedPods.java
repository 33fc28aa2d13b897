package com.suresoft.ams.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pods of one simulated Deployment. The double stores no pods, so the Deployment simulation
 * keeps them here, just detailed enough to report the status a real Deployment controller would:
 * how many pods run, how many have the current template, how many are ready.
 *
 * <p>A rollout follows the Deployment's {@link Rollout} bounds ({@code maxSurge} and {@code
 * maxUnavailable}, 25 % each by default): new pods start while the total stays within the surge,
 * old pods go while enough pods stay ready. A scale-down removes pods at once, unready ones first.
 * A template that comes back (a rollback) finds its old pods, as a Deployment finds its old
 * ReplicaSet.
 *
 * <p>Not thread-safe: used only on the simulator's worker thread.
 */
final class SimulatedPods {

  /** A pod's readiness. */
  enum State {
    /** Running and waiting to pass its readiness probe, paced by the {@link PodReadiness}. */
    STARTING,
    READY,
    /** Unready until a test lets it {@link #recover()} (made unready, or crash-looping). */
    FAILING
  }

  /** What the Deployment's status reports. */
  record Counts(int replicas, int updated, int ready) {}

  private static final class Pod {
    final String template;
    final long ordinal;
    State state;

    Pod(String template, long ordinal, State state) {
      this.template = template;
      this.ordinal = ordinal;
      this.state = state;
    }
  }

  /** Unready pods go first, then the newest, like a ReplicaSet's choice of pods to delete. */
  private static final Comparator<Pod> REMOVAL_ORDER =
      Comparator.<Pod>comparingInt(p -> p.state == State.READY ? 1 : 0)
          .thenComparing(Comparator.<Pod>comparingLong(p -> p.ordinal).reversed());

  private final String uid;
  private final List<Pod> pods = new ArrayList<>();
  private long created;
  private Instant nextReadyAt;

  /** {@code uid}: a Deployment deleted and created again starts without pods. */
  SimulatedPods(String uid) {
    this.uid = uid;
  }

  String uid() {
    return uid;
  }

  /**
   * How far a rolling update may go beyond and below the desired count, as the Deployment
   * controller computes them from {@code maxSurge} and {@code maxUnavailable}; {@code recreate}
   * removes every old pod before new ones start.
   */
  record Rollout(int maxSurge, int maxUnavailable, boolean recreate) {}

  /**
   * Brings the pods in line with the Deployment at {@code now}, as the Deployment controller's
   * rolling update does, step after step until none is possible: pods of {@code template} are added
   * while the total stays within {@code desired + maxSurge}, readiness progresses as {@code
   * readiness} allows, and old pods go while at least {@code desired - maxUnavailable} pods stay
   * ready (unready old pods first). With immediate readiness the whole rollout happens in one call;
   * with paced readiness each call shows the next step.
   *
   * @param crashLooping pods that start never become ready
   * @return when a starting pod is due to become ready, if one is waiting for time to pass
   */
  Optional<Instant> sync(
      String template,
      int desired,
      Rollout rollout,
      PodReadiness readiness,
      boolean crashLooping,
      Instant now) {
    if (crashLooping) {
      pods.stream().filter(p -> p.state == State.STARTING).forEach(p -> p.state = State.FAILING);
    }
    if (rollout.recreate()) {
      pods.removeIf(p -> !p.template.equals(template));
    }
    boolean changed = true;
    for (int step = 0; changed && step < 4 * desired + 10; step++) {
      changed =
          scaleNewPods(template, desired, rollout, crashLooping)
              | progressReadiness(template, readiness, now)
              | scaleDownOldPods(template, desired, rollout);
    }
    return Optional.ofNullable(nextReadyAt);
  }

  private boolean scaleNewPods(
      String template, int desired, Rollout rollout, boolean crashLooping) {
    List<Pod> current = ofTemplate(template, true);
    if (current.size() > desired) {
      remove(current, current.size() - desired);
      return true;
    }
    int add = Math.min(desired + rollout.maxSurge() - pods.size(), desired - current.size());
    for (int i = 0; i < add; i++) {
      pods.add(new Pod(template, created++, crashLooping ? State.FAILING : State.STARTING));
    }
    return add > 0;
  }

  /** Returns whether a pod became ready. */
  private boolean progressReadiness(String template, PodReadiness readiness, Instant now) {
    List<Pod> current = ofTemplate(template, true);
    List<Pod> starting = current.stream().filter(p -> p.state == State.STARTING).toList();
    int ready = (int) current.stream().filter(p -> p.state == State.READY).count();
    int canStart = Math.min(starting.size(), Math.max(0, readiness.maxReady() - ready));
    if (canStart == 0) {
      nextReadyAt = null;
      return false;
    }
    if (readiness.interval().isZero()) {
      starting.stream().limit(canStart).forEach(p -> p.state = State.READY);
      nextReadyAt = null;
      return true;
    }
    if (nextReadyAt == null) {
      nextReadyAt = now.plus(readiness.interval());
    }
    // One pod per turn, even when the worker comes late: each step shows in the status.
    if (now.isBefore(nextReadyAt)) {
      return false;
    }
    starting.get(0).state = State.READY;
    nextReadyAt = canStart > 1 ? now.plus(readiness.interval()) : null;
    return true;
  }

  /**
   * Old pods go as the controller scales old ReplicaSets down: unready ones as long as the pods
   * left could still make {@code desired - maxUnavailable} ready, ready ones only as far as that
   * many stay ready.
   */
  private boolean scaleDownOldPods(String template, int desired, Rollout rollout) {
    List<Pod> old = ofTemplate(template, false);
    if (old.isEmpty()) {
      return false;
    }
    int minAvailable = desired - rollout.maxUnavailable();
    int newUnavailable =
        (int) ofTemplate(template, true).stream().filter(p -> p.state != State.READY).count();
    List<Pod> unhealthy = old.stream().filter(p -> p.state != State.READY).toList();
    int cleanup = Math.min(unhealthy.size(), pods.size() - minAvailable - newUnavailable);
    remove(unhealthy, cleanup);
    int ready = (int) pods.stream().filter(p -> p.state == State.READY).count();
    List<Pod> oldLeft = ofTemplate(template, false);
    int scaleDown = Math.min(oldLeft.size(), ready - minAvailable);
    remove(oldLeft, scaleDown);
    return cleanup > 0 || scaleDown > 0;
  }

  /** Makes up to {@code n} ready pods unready, the newest first; returns how many. */
  int makeUnready(int n) {
    List<Pod> ready =
        pods.stream()
            .filter(p -> p.state == State.READY)
            .sorted(Comparator.<Pod>comparingLong(p -> p.ordinal).reversed())
            .limit(Math.max(0, n))
            .toList();
    ready.forEach(p -> p.state = State.FAILING);
    return ready.size();
  }

  /** Failing pods start again (they become ready as the readiness allows). */
  void recover() {
    pods.stream().filter(p -> p.state == State.FAILING).forEach(p -> p.state = State.STARTING);
  }

  Counts counts(String template) {
    return new Counts(
        pods.size(),
        ofTemplate(template, true).size(),
        (int) pods.stream().filter(p -> p.state == State.READY).count());
  }

  private List<Pod> ofTemplate(String template, boolean same) {
    return pods.stream().filter(p -> p.template.equals(template) == same).toList();
  }

  private void remove(List<Pod> candidates, int n) {
    if (n > 0) {
      candidates.stream().sorted(REMOVAL_ORDER).limit(n).toList().forEach(pods::remove);
    }
  }
}
