package com.suresoft.ams.operator.embedded;

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
 * <p>A rollout works as with {@code maxSurge: 100%, maxUnavailable: 0}: all pods of a new template
 * are created at once, and one pod of an older template is removed for each pod of the new one that
 * becomes ready, so old pods keep serving until replaced. A scale-down removes pods at once,
 * unready ones first. A template that comes back (a rollback) finds its old pods, as a Deployment
 * finds its old ReplicaSet.
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
   * Brings the pods in line with the Deployment at {@code now}: {@code desired} pods of {@code
   * template}, readiness progressing as {@code readiness} allows, old pods replaced by ready new
   * ones.
   *
   * @param crashLooping pods that start never become ready
   * @return when a starting pod is due to become ready, if one is waiting for time to pass
   */
  Optional<Instant> sync(
      String template, int desired, PodReadiness readiness, boolean crashLooping, Instant now) {
    if (crashLooping) {
      pods.stream().filter(p -> p.state == State.STARTING).forEach(p -> p.state = State.FAILING);
    }
    List<Pod> current = ofTemplate(template, true);
    for (int i = current.size(); i < desired; i++) {
      pods.add(new Pod(template, created++, crashLooping ? State.FAILING : State.STARTING));
    }
    remove(current, current.size() - desired);

    current = ofTemplate(template, true);
    List<Pod> starting = current.stream().filter(p -> p.state == State.STARTING).toList();
    int ready = (int) current.stream().filter(p -> p.state == State.READY).count();
    int canStart = Math.min(starting.size(), Math.max(0, readiness.maxReady() - ready));
    if (canStart == 0) {
      nextReadyAt = null;
    } else if (readiness.interval().isZero()) {
      starting.stream().limit(canStart).forEach(p -> p.state = State.READY);
      ready += canStart;
      nextReadyAt = null;
    } else {
      if (nextReadyAt == null) {
        nextReadyAt = now.plus(readiness.interval());
      }
      // One pod per turn, even when the worker comes late: each step shows in the status.
      if (!now.isBefore(nextReadyAt)) {
        starting.get(0).state = State.READY;
        ready++;
        nextReadyAt = canStart > 1 ? now.plus(readiness.interval()) : null;
      }
    }

    List<Pod> old = ofTemplate(template, false);
    remove(old, old.size() - Math.max(0, desired - ready));
    return Optional.ofNullable(nextReadyAt);
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
