package com.suresoft.ams.operator.release;

/** What the planner needs to know of a Job: whether it exists and how it ended. */
public enum JobState {
  ABSENT,
  RUNNING,
  SUCCEEDED,
  FAILED
}
