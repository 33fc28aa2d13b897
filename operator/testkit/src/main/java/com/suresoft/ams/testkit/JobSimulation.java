package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Plays the Job controller: a Job finishes successfully at once, or, when a test made Jobs slow,
 * once it has run that long; it stays running while held, or fails when a test asks. A finished Job
 * (Complete or Failed) is never changed again, as on a real cluster; a suspended Job is left alone.
 *
 * <p>Before a Job completes, its pod's connections are judged against the namespace's
 * NetworkPolicies as a policy-enforcing network plugin would ({@link JobNetworkCheck}); a denied
 * connection fails the Job (reason {@value #NETWORK_POLICY_DENIED}, naming the connections), as the
 * pod's program would fail on a cluster that drops its packets. Judged at completion, not at start:
 * a real program retries its connections while it runs, so a policy applied meanwhile counts.
 */
public final class JobSimulation {

  /** The Failed condition's reason when NetworkPolicies deny a connection the Job makes. */
  public static final String NETWORK_POLICY_DENIED = "NetworkPolicyDenied";

  /** When the simulator first saw a Job run (by uid: a Job created again starts over). */
  private record Started(String uid, Instant at) {}

  private final KubernetesClient client;
  private final Holds holds;
  private final BiConsumer<ObjectKey, Duration> wakeUp;
  private final Clock clock;
  private final JobNetworkCheck network;
  private final Map<ObjectKey, Duration> durations = new ConcurrentHashMap<>();
  private volatile Duration defaultDuration = Duration.ZERO;

  /** Only the worker thread touches this. */
  private final Map<ObjectKey, Started> started = new HashMap<>();

  /**
   * @param wakeUp reconciles a key again after a delay, when a slow Job is due to complete
   */
  JobSimulation(
      KubernetesClient client, Holds holds, BiConsumer<ObjectKey, Duration> wakeUp, Clock clock) {
    this.client = client;
    this.holds = holds;
    this.wakeUp = wakeUp;
    this.clock = clock;
    this.network = new JobNetworkCheck(client);
  }

  /** Jobs without a duration of their own run this long before they complete. */
  void setDefaultDuration(Duration duration) {
    defaultDuration = requireNotNegative(duration);
  }

  /** This Job runs this long before it completes. */
  void setDuration(ObjectKey key, Duration duration) {
    durations.put(key, requireNotNegative(duration));
  }

  /** Returns whether it wrote the status. */
  boolean reconcile(ObjectKey key) {
    Job job = client.batch().v1().jobs().inNamespace(key.namespace()).withName(key.name()).get();
    if (job == null) {
      started.remove(key);
      return false;
    }
    if (isFinished(job) || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return false;
    }
    Instant startedAt = startedAt(key, job);
    Duration left =
        Duration.between(
            clock.instant(), startedAt.plus(durations.getOrDefault(key, defaultDuration)));
    JobStatus current = Objects.requireNonNullElseGet(job.getStatus(), JobStatus::new);
    String now = SimulatedStatus.now(clock);
    JobStatusBuilder wanted =
        new JobStatusBuilder(current)
            .withStartTime(Objects.requireNonNullElse(current.getStartTime(), now));
    boolean running =
        holds.isFailed(key) || holds.isHeld(key) || (!left.isNegative() && !left.isZero());
    List<String> denied = running ? List.of() : network.denied(job);
    if (holds.isFailed(key)) {
      failed(wanted, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
    } else if (holds.isHeld(key)) {
      wanted.withActive(1);
    } else if (running) {
      wanted.withActive(1);
      wakeUp.accept(key, left);
    } else if (!denied.isEmpty()) {
      failed(
          wanted, NETWORK_POLICY_DENIED, "NetworkPolicies deny " + String.join("; ", denied), now);
    } else {
      wanted
          .withActive(null)
          .withSucceeded(1)
          .withCompletionTime(now)
          .withConditions(condition("Complete", null, null, now));
    }
    JobStatus status = wanted.build();
    if (status.equals(job.getStatus())) {
      return false;
    }
    job.setStatus(status);
    client.resource(job).updateStatus();
    return true;
  }

  private Instant startedAt(ObjectKey key, Job job) {
    String uid = job.getMetadata().getUid();
    return started
        .compute(
            key,
            (k, known) ->
                known != null && known.uid().equals(uid)
                    ? known
                    : new Started(uid, clock.instant()))
        .at();
  }

  private static Duration requireNotNegative(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a Job cannot take " + duration);
    }
    return duration;
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

  /** A Job that failed for {@code reason}: no pod active, one failed, the Failed condition. */
  private static void failed(JobStatusBuilder status, String reason, String message, String now) {
    status.withActive(null).withFailed(1).withConditions(condition("Failed", reason, message, now));
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
