package com.suresoft.ams.operator.api.v1alpha1.status;

/** Where a release is. */
public enum ReleasePhase {
  /** No release under way: the stable version serves all traffic. */
  Stable,
  /** The migration Job of the candidate version runs. */
  Migrating,
  /** The candidate slot is scaling up or traffic is moving to it. */
  Progressing,
  /** Waiting for a promote action or a pause to end. */
  Paused,
  /** The candidate took all traffic; the old slot waits for its scale-down. */
  Promoting,
  /** Aborted by an action or by analysis: all traffic is back on the stable slot. */
  Aborted,
  /** The migration or smoke check failed: the stable slot keeps serving. */
  Failed
}
