package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;

/**
 * One thing that happens in the cluster between two reconciles of {@link ReleaseModelTest}. Events
 * name slots by role (the candidate's, the stable one's) rather than by colour, so that a shrunk
 * sequence keeps its meaning.
 */
sealed interface ModelEvent {

  void apply(ClusterModel cluster);

  enum Side {
    CANDIDATE,
    STABLE
  }

  private static Slot slot(ClusterModel cluster, Side side) {
    return side == Side.CANDIDATE ? cluster.candidateSlot() : cluster.stableSlot();
  }

  /** {@code k} more pods of the component in that slot become ready (up to its desired count). */
  record PodsReady(Component component, Side side, int k) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.podsReady(component, slot(cluster, side), k);
    }
  }

  /** {@code n} ready pods become unready (a failing probe, an evicted or deleted pod). */
  record PodsUnready(Component component, Side side, int n) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.podsUnready(component, slot(cluster, side), n);
    }
  }

  /** The candidate version of the component crash-loops: its pods are never ready. */
  record CrashLoop(Component component) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.candidateVersion().ifPresent(v -> cluster.crashLoop(component, v));
    }
  }

  /** The load on an autoscaled component changes: its HPA wants {@code pods}. */
  record Load(Component component, int pods) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      if (cluster.load.containsKey(component)) {
        cluster.load.put(component, pods);
        cluster.autoscale();
      }
    }
  }

  /** An engineer annotates the instance with a fresh token. */
  record Token(Action action) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.annotate(action);
    }
  }

  /** spec.version is set to a version never seen before. */
  record NewVersion() implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.specVersion = cluster.newVersion();
    }
  }

  /** spec.version is set back to the stable version (a GitOps revert). */
  record Revert() implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      String stable = cluster.status().getStableVersion();
      if (stable != null) {
        cluster.specVersion = stable;
      }
    }
  }

  /**
   * spec.version is set to the newest version seen before other than the current and the stable
   * one: back to an earlier candidate, whose Jobs may be left from an earlier attempt.
   */
  record PreviousVersion() implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      String stable = cluster.status().getStableVersion();
      for (int i = cluster.versions.size() - 1; i >= 0; i--) {
        String v = cluster.versions.get(i);
        if (!v.equals(cluster.specVersion) && !v.equals(stable)) {
          cluster.specVersion = v;
          return;
        }
      }
    }
  }

  /**
   * The cluster catches up: every pod that can be ready is, running Jobs succeed, a minute passes
   * (so random sequences also reach the later phases).
   */
  record Converge() implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.converge();
      cluster.pass(60);
    }
  }

  /** spec.paused is set or cleared. */
  record Pause(boolean paused) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.paused = paused;
    }
  }

  /**
   * The operator restarts: it reconciles again at once, from the stored status alone (the model
   * always plans from the status read back from its JSON; the planner keeps nothing else).
   */
  record Restart() implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {}
  }

  /** Time passes. */
  record Tick(int seconds) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.pass(seconds);
    }
  }

  /**
   * A running Job of that kind ends: spec.version's own if it runs, else the oldest running one (an
   * older version's migration).
   */
  record JobEnds(JobRequest.Kind kind, boolean succeeded) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      var m = cluster.model();
      String own =
          kind == JobRequest.Kind.MIGRATION
              ? m.names().migrationJob(cluster.specVersion)
              : m.names().smokeCheckJob(cluster.specVersion);
      var job = cluster.jobs.get(own);
      if (job == null || job.state != JobState.RUNNING) {
        job =
            cluster.jobs.values().stream()
                .filter(j -> j.kind == kind && j.state == JobState.RUNNING)
                .findFirst()
                .orElse(null);
      }
      if (job != null) {
        job.state = succeeded ? JobState.SUCCEEDED : JobState.FAILED;
      }
    }
  }

  /** Metric checks (when one is due) have this outcome from now on. */
  record Analysis(AnalysisResult.Outcome outcome) implements ModelEvent {
    @Override
    public void apply(ClusterModel cluster) {
      cluster.analysis = outcome;
    }
  }
}
