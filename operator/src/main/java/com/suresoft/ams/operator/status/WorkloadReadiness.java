package com.suresoft.ams.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/**
 * Readiness of one workload as its controller reports it: ready pods over wanted pods, counted only
 * once the controller has seen the current spec (observedGeneration) and rolled every pod to it.
 */
public record WorkloadReadiness(int ready, int desired, boolean rolledOut) {

  public boolean isReady() {
    return rolledOut && ready >= desired;
  }

  public String summary() {
    return ready + "/" + desired;
  }

  public static WorkloadReadiness of(Deployment d) {
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    var s = d.getStatus();
    if (s == null) {
      return new WorkloadReadiness(0, desired, false);
    }
    boolean observed =
        s.getObservedGeneration() != null
            && s.getObservedGeneration() >= d.getMetadata().getGeneration();
    boolean updated = Objects.requireNonNullElse(s.getUpdatedReplicas(), 0) >= desired;
    return new WorkloadReadiness(
        Objects.requireNonNullElse(s.getReadyReplicas(), 0), desired, observed && updated);
  }

  public static WorkloadReadiness of(StatefulSet sts) {
    int desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    var s = sts.getStatus();
    if (s == null) {
      return new WorkloadReadiness(0, desired, false);
    }
    boolean observed =
        s.getObservedGeneration() != null
            && s.getObservedGeneration() >= sts.getMetadata().getGeneration();
    boolean updated = Objects.requireNonNullElse(s.getUpdatedReplicas(), 0) >= desired;
    return new WorkloadReadiness(
        Objects.requireNonNullElse(s.getReadyReplicas(), 0), desired, observed && updated);
  }

  public static WorkloadReadiness missing(int desired) {
    return new WorkloadReadiness(0, desired, false);
  }
}
