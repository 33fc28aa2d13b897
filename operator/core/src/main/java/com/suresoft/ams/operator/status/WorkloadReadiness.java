package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.release.Observed;
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
            s.getReplicas(),
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
            s.getReplicas(),
            s.getReadyReplicas(),
            s.getUpdatedReplicas());
  }

  private static WorkloadReadiness of(
      HasMetadata workload,
      Integer specReplicas,
      Long observedGeneration,
      Integer replicas,
      Integer ready,
      Integer updated) {
    int desired = replicas(specReplicas);
    boolean observed =
        observedGeneration != null && observedGeneration >= workload.getMetadata().getGeneration();
    int current = Objects.requireNonNullElse(updated, 0);
    // As kubectl rollout status: every pod updated, and no old pod left running.
    boolean rolledOut =
        observed && current >= desired && Objects.requireNonNullElse(replicas, 0) <= current;
    return new WorkloadReadiness(
        Observed.readyOfCurrentTemplate(replicas, ready, updated), desired, rolledOut);
  }

  /** The API server defaults unset replicas to 1 (an HPA has not set them yet). */
  private static int replicas(Integer specReplicas) {
    return specReplicas == null ? 1 : specReplicas;
  }

  public static WorkloadReadiness missing(int desired) {
    return new WorkloadReadiness(0, desired, false);
  }
}
