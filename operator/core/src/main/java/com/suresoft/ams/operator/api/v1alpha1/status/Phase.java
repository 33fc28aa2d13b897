package com.suresoft.ams.operator.api.v1alpha1.status;

/** The one-word summary of an instance, shown in {@code kubectl get ams}. */
public enum Phase {
  /** Objects are being created and not all components are ready yet. */
  Provisioning,
  /** Every component is ready at the desired version. */
  Ready,
  /** A release is under way. */
  Progressing,
  /** spec.paused is true: nothing is reconciled. */
  Paused,
  /** The instance was ready before and a component lost readiness. */
  Degraded,
  /** The spec is invalid or a release failed; the stable version keeps serving. */
  Failed
}
