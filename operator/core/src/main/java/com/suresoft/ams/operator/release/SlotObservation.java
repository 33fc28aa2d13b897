package com.suresoft.ams.operator.release;

/**
 * One Deployment as observed: the version it runs (its {@code app.kubernetes.io/version} label),
 * the replicas its spec asks for, how many pods are ready (ready and updated to its template), and
 * whether the Deployment controller has seen its current spec ({@code current}).
 *
 * <p>A status the controller has not caught up with still counts its ready pods: a scale-up bumps
 * the generation but stops no pod, so routing must not take the weight off the candidate while the
 * controller catches up (that was the canary's dip). Whether a slot is ready at a size, which gates
 * steps and completion, needs a current status.
 */
public record SlotObservation(
    String version, int desiredReplicas, int readyReplicas, boolean current) {

  /** A Deployment whose status is current. */
  public SlotObservation(String version, int desiredReplicas, int readyReplicas) {
    this(version, desiredReplicas, readyReplicas, true);
  }

  /** Runs {@code v} with at least {@code replicas} ready pods, and all it asks for, as of now. */
  public boolean readyAt(String v, int replicas) {
    return current
        && v.equals(version)
        && readyReplicas >= replicas
        && readyReplicas >= desiredReplicas;
  }

  /** Ready pods of version {@code v}, whether or not the status is current. */
  public int readyOf(String v) {
    return v != null && v.equals(version) ? readyReplicas : 0;
  }
}
