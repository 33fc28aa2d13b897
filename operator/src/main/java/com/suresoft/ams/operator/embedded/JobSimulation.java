package com.suresoft.ams.operator.embedded;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Plays the Job controller: a Job finishes successfully at once, stays running while held, or fails
 * when a test asks. A finished Job (Complete or Failed) is never changed again, as on a real
 * cluster; a suspended Job is left alone.
 */
final class JobSimulation {

  private final KubernetesClient client;
  private final Holds holds;
  private final Clock clock;

  JobSimulation(KubernetesClient client, Holds holds, Clock clock) {
    this.client = client;
    this.holds = holds;
    this.clock = clock;
  }

  void reconcile(ObjectKey key) {
    Job job = client.batch().v1().jobs().inNamespace(key.namespace()).withName(key.name()).get();
    if (job == null || isFinished(job) || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return;
    }
    JobStatus current = Objects.requireNonNullElseGet(job.getStatus(), JobStatus::new);
    String now = SimulatedStatus.now(clock);
    JobStatusBuilder wanted =
        new JobStatusBuilder(current)
            .withStartTime(Objects.requireNonNullElse(current.getStartTime(), now));
    if (holds.isFailed(key)) {
      wanted
          .withActive(null)
          .withFailed(1)
          .withConditions(
              condition(
                  "Failed",
                  "BackoffLimitExceeded",
                  "Job has reached the specified backoff limit",
                  now));
    } else if (holds.isHeld(key)) {
      wanted.withActive(1);
    } else {
      wanted
          .withActive(null)
          .withSucceeded(1)
          .withCompletionTime(now)
          .withConditions(condition("Complete", null, null, now));
    }
    JobStatus status = wanted.build();
    if (!status.equals(job.getStatus())) {
      job.setStatus(status);
      client.resource(job).updateStatus();
    }
  }

  static boolean isFinished(Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null
            ? List.of()
            : Objects.requireNonNullElse(job.getStatus().getConditions(), List.of());
    return conditions.stream()
        .anyMatch(
            c ->
                ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                    && "True".equals(c.getStatus()));
  }

  private static JobCondition condition(String type, String reason, String message, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }
}
