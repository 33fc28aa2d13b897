package com.suresoft.ams.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
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

  /** The same, wanting at least {@code replicas} pods. */
  public WorkloadReadiness atLeast(int replicas) {
    return replicas <= desired ? this : new WorkloadReadiness(ready, replicas, rolledOut);
  }

  public static WorkloadReadiness of(Deployment d) {
    var s = d.getStatus();
    return s == null
        ? missing(replicas(d.getSpec().getReplicas()))
        : of(
            d,
            d.getSpec().getReplicas(),
            s.getObservedGeneration(),
            s.getReadyReplicas(),
            s.getUpdatedReplicas());
  }

  public static WorkloadReadiness of(StatefulSet sts) {
    var s = sts.getStatus();
    return s == null
        ? missing(replicas(sts.getSpec().getReplicas()))
        : of(
            sts,
            sts.getSpec().getReplicas(),
            s.getObservedGeneration(),
            s.getReadyReplicas(),
            s.getUpdatedReplicas());
  }

  private static WorkloadReadiness of(
      HasMetadata workload,
      Integer specReplicas,
      Long observedGeneration,
      Integer ready,
      Integer updated) {
    int desired = replicas(specReplicas);
    boolean observed =
        observedGeneration != null && observedGeneration >= workload.getMetadata().getGeneration();
    boolean rolledOut = observed && Objects.requireNonNullElse(updated, 0) >= desired;
    return new WorkloadReadiness(Objects.requireNonNullElse(ready, 0), desired, rolledOut);
  }

  /** The API server defaults unset replicas to 1 (an HPA has not set them yet). */
  private static int replicas(Integer specReplicas) {
    return specReplicas == null ? 1 : specReplicas;
  }

  public static WorkloadReadiness missing(int desired) {
    return new WorkloadReadiness(0, desired, false);
  }
}
