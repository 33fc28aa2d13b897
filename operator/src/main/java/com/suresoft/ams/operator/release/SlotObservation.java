package com.suresoft.ams.operator.release;

/**
 * One Deployment as observed: the version it runs (its {@code app.kubernetes.io/version} label),
 * the replicas its spec asks for, and how many are ready with the current template (updated and
 * available, so a rollout in progress does not count as ready).
 */
public record SlotObservation(String version, int desiredReplicas, int readyReplicas) {

  /** Runs {@code v} with at least {@code replicas} ready pods (and at least one when asked). */
  public boolean readyAt(String v, int replicas) {
    return v.equals(version) && readyReplicas >= replicas && readyReplicas >= desiredReplicas;
  }
}
