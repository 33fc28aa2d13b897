package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether waiting for an instance is over, as {@code status --timeout} decides it: {@link
 * State#DONE} (exit 0), {@link State#FAILED} (exit 1, waiting cannot help) or {@link
 * State#WAITING}. A status the operator wrote for an older generation says nothing about the
 * current spec (kstatus' rule), so right after {@code kubectl apply} an old {@code Ready} is not
 * taken for the new spec's. Pure: the instance as read is the only input.
 *
 * @param state where waiting stands
 * @param reason why, for people: the condition's reason and message, or what is awaited
 */
public record Verdict(State state, String reason) {

  /** Where waiting for an instance stands. */
  public enum State {
    DONE,
    FAILED,
    WAITING
  }

  /** What {@code --until} waits for. */
  public enum Goal {
    /** The instance is Ready: every component at spec.version, no release under way. */
    ready,
    /**
     * The release of spec.version waits for a promote (or the instance is Ready: nothing is left to
     * promote). For a pipeline that checks the preview before it promotes.
     */
    paused
  }

  /** The reason of the Ready condition the operator sets for a spec it refuses. */
  static final String INVALID_SPEC = "InvalidSpec";

  /**
   * Condition types that say the instance is stuck whatever happens next: kstatus' {@code Stalled},
   * and {@code Degraded} (a release aborted or failed, or a component lost).
   */
  private static final List<String> FAILURE_CONDITIONS = List.of("Stalled", "Degraded");

  public static Verdict of(AmsInstance instance, Goal goal) {
    var status = instance.getStatus();
    long generation = generation(instance);
    if (status == null) {
      return waiting("the operator has not written a status yet");
    }
    if (status.getObservedGeneration() == null || status.getObservedGeneration() < generation) {
      return waiting(
          "the operator has not reported on generation "
              + generation
              + " yet (status is of "
              + (status.getObservedGeneration() == null
                  ? "none"
                  : "generation " + status.getObservedGeneration())
              + ")");
    }
    var conditions = status.getConditions() == null ? List.<Condition>of() : status.getConditions();
    var ready = find(conditions, "Ready");
    if (ready.isPresent() && stale(ready.get(), generation)) {
      return waiting("the Ready condition is of an older generation");
    }
    if (ready.isPresent() && INVALID_SPEC.equals(ready.get().getReason())) {
      return new Verdict(State.FAILED, describe(ready.get()));
    }
    for (String type : FAILURE_CONDITIONS) {
      var c = find(conditions, type);
      if (c.isPresent() && "True".equals(c.get().getStatus()) && !stale(c.get(), generation)) {
        return new Verdict(State.FAILED, describe(c.get()));
      }
    }
    if (status.getPhase() == Phase.Failed) {
      return new Verdict(State.FAILED, ready.map(Verdict::describe).orElse("phase Failed"));
    }
    boolean isReady = ready.map(c -> "True".equals(c.getStatus())).orElse(false);
    if (isReady) {
      return new Verdict(State.DONE, describe(ready.get()));
    }
    var release = status.getRelease();
    String version = instance.getSpec() == null ? null : instance.getSpec().getVersion();
    if (goal == Goal.paused
        && release != null
        && release.getPhase() == ReleasePhase.Paused
        && Objects.equals(release.getCandidateVersion(), version)) {
      return new Verdict(
          State.DONE,
          "the release of "
              + version
              + " waits for a promote"
              + (release.getMessage() == null ? "" : ": " + release.getMessage()));
    }
    return waiting(ready.map(Verdict::describe).orElse("no Ready condition yet"));
  }

  /**
   * The verdict over several instances: the first failure, else waiting while any waits, else done;
   * each reason names its instance.
   */
  public static Verdict ofAll(Collection<AmsInstance> instances, Goal goal) {
    Verdict waiting = null;
    Verdict done = null;
    for (var i : instances) {
      var v = of(i, goal);
      var named =
          new Verdict(
              v.state(),
              i.getMetadata().getNamespace() + "/" + i.getMetadata().getName() + ": " + v.reason());
      if (v.state() == State.FAILED) {
        return named;
      }
      if (v.state() == State.WAITING && waiting == null) {
        waiting = named;
      }
      if (v.state() == State.DONE) {
        done = named;
      }
    }
    if (waiting != null) {
      return waiting;
    }
    return instances.size() == 1
        ? done
        : new Verdict(State.DONE, "all " + instances.size() + " instances are done");
  }

  private static Verdict waiting(String reason) {
    return new Verdict(State.WAITING, reason);
  }

  private static long generation(AmsInstance instance) {
    Long g = instance.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  private static boolean stale(Condition c, long generation) {
    return c.getObservedGeneration() != null && c.getObservedGeneration() < generation;
  }

  private static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String describe(Condition c) {
    return c.getType()
        + "="
        + c.getStatus()
        + (c.getReason() == null ? "" : " " + c.getReason())
        + (c.getMessage() == null || c.getMessage().isBlank() ? "" : ": " + c.getMessage());
  }
}
