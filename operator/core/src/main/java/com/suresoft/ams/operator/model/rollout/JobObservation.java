package com.suresoft.ams.operator.model.rollout;

import java.util.Objects;

/**
 * A release Job as observed: its state and the release attempt that created it (the annotation
 * {@link #ATTEMPT_ANNOTATION}, holding {@code status.release.startedAt}). The attempt tells a Job
 * left over from an earlier attempt (to be replaced on retry) from the current one, without
 * comparing the API server's timestamps with the operator's clock.
 */
public record JobObservation(JobState state, String attempt) {

  public static final String ATTEMPT_ANNOTATION = "ams.suresoft.com/release-attempt";

  public static final JobObservation ABSENT = new JobObservation(JobState.ABSENT, null);

  public JobObservation {
    Objects.requireNonNull(state, "state");
  }

  public static JobObservation of(JobState state, String attempt) {
    return new JobObservation(state, attempt);
  }

  public boolean isOf(String currentAttempt) {
    return state != JobState.ABSENT && Objects.equals(attempt, currentAttempt);
  }
}
