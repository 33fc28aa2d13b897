package com.suresoft.ams.operator.model.rollout;

/**
 * A release Job that should exist now: the migration Job of {@code version} or the smoke check of
 * its preview. {@code attempt} goes into the Job's {@link JobObservation#ATTEMPT_ANNOTATION}.
 * {@code replaceExisting}: a Job of that name is left from an earlier attempt and must be deleted
 * and created again (a Job's pod template cannot be changed, and a finished Job does not rerun).
 */
public record JobRequest(
    Kind kind, String name, String version, String attempt, boolean replaceExisting) {
  public enum Kind {
    MIGRATION,
    SMOKE_CHECK
  }
}
