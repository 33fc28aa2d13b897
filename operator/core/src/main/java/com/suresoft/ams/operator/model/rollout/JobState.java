package com.suresoft.ams.operator.model.rollout;

/**
 * What the planner needs to know of a Job: whether it exists and how it ended. Beside {@link
 * JobObservation}, which carries it, rather than in {@code release}: the builders' side may not
 * depend on the planner's.
 */
public enum JobState {
  ABSENT,
  RUNNING,
  SUCCEEDED,
  FAILED
}
