package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;

/**
 * The database migration that gates every release: its Job runs once per version, and a migration
 * is never stopped halfway. So a retry, a newer version or a revert never deletes a running
 * migration Job: a new migration waits until every other one has finished, and a Job left running
 * by an earlier attempt of the same version is waited for, its success counting for this attempt (a
 * migration is the same work whichever attempt started it); only a failed one is replaced.
 */
final class MigrationGate {
  private MigrationGate() {}

  /** Drives the migration Job; true once it succeeded (or migrations are off). */
  static boolean done(Planning p) {
    if (!p.spec.getMigration().getEnabled()) {
      return true;
    }
    var s = p.s;
    String job = p.m.names().migrationJob(s.getCandidateVersion());
    JobObservation seen = p.in.migration();
    if (seen.state() == JobState.SUCCEEDED) {
      return true;
    }
    if (seen.state() == JobState.FAILED && seen.isOf(s.getStartedAt())) {
      p.fail(
          EventReasons.MIGRATION_FAILED,
          "migration Job " + job + " failed; the stable version keeps serving");
      return false;
    }
    s.setPhase(ReleasePhase.Migrating);
    if (!p.in.runningMigrations().isEmpty()) {
      s.setMessage(
          "waiting for migration Job "
              + String.join(", ", p.in.runningMigrations())
              + " to finish before "
              + job
              + " starts (a migration is never stopped halfway)");
      return false;
    }
    if (seen.state() == JobState.RUNNING && !seen.isOf(s.getStartedAt())) {
      s.setMessage(
          "migration Job "
              + job
              + " of an earlier attempt is still running; it is not stopped halfway, and its"
              + " success counts for this attempt");
      return false;
    }
    jobs(p, job, seen.state() == JobState.FAILED);
    s.setMessage("migrating the database for " + s.getCandidateVersion() + " (Job " + job + ")");
    return false;
  }

  private static void jobs(Planning p, String job, boolean replaceFailed) {
    var s = p.s;
    p.jobs.add(
        new JobRequest(
            JobRequest.Kind.MIGRATION,
            job,
            s.getCandidateVersion(),
            s.getStartedAt(),
            replaceFailed));
  }

  /** The Event of a migration that let the release go on (none when migrations are off). */
  static void noteSucceeded(Planning p) {
    if (p.spec.getMigration().getEnabled()) {
      p.events.add(
          ReleaseEvent.normal(
              EventReasons.MIGRATION_SUCCEEDED,
              p.m.names().migrationJob(p.s.getCandidateVersion()) + " succeeded"));
    }
  }
}
