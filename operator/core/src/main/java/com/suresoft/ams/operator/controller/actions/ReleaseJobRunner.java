package com.suresoft.ams.operator.controller.actions;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.dependent.ChildWrites;
import com.suresoft.ams.operator.dependent.ForeignObjects;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Ownership;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;
import com.suresoft.ams.operator.model.rollout.ReleaseJobs;
import com.suresoft.ams.operator.release.Observed;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the release Jobs (migration, smoke check) the planner asks for. Not a workflow dependent,
 * because Jobs do not fit "apply the desired set, delete the rest": a finished Job must stay after
 * the planner stops asking for it (its outcome is what "once per version" rests on, its logs are
 * the user's), a Job left from an earlier attempt must be deleted before it can be created again (a
 * Job never reruns and its template is immutable), and a Job exists at all only once the database
 * it migrates is ready.
 */
public final class ReleaseJobRunner {
  private static final Logger log = LoggerFactory.getLogger(ReleaseJobRunner.class);

  private ReleaseJobRunner() {}

  /**
   * Creates each requested Job the cache does not hold, or deletes the stale one it replaces (the
   * deletion's event brings the next reconcile, which creates it). {@code created} gets each new
   * Job, for the informer's cache: a reconcile that runs before the watch delivers it must not try
   * to create it again. A Job of the name that is not the instance's (someone else's) is left alone
   * and recorded in {@code writes}: the release waits for the name rather than reading another
   * Job's outcome as its own. Returns the number of writes.
   */
  public static int run(
      KubernetesClient client,
      AmsInstance owner,
      InstanceModel m,
      List<JobRequest> requests,
      Collection<Job> existing,
      Consumer<Job> created,
      ChildWrites childWrites) {
    int writes = 0;
    for (JobRequest request : requests) {
      Optional<Job> current =
          existing.stream().filter(j -> request.name().equals(j.getMetadata().getName())).findAny();
      if (current.isPresent()) {
        // Only a finished Job is replaced: the planner asks for that, and a running migration
        // must never be stopped halfway even if a stale plan asked.
        if (request.replaceExisting() && Observed.state(current.get()) != JobState.RUNNING) {
          log.info(
              "{}/{}: replacing Job {} of an earlier attempt",
              m.namespace(),
              m.name(),
              request.name());
          delete(client, current.get());
          writes++;
        }
        continue;
      }
      Job job = ReleaseJobs.desired(m, request);
      job.getMetadata()
          .setOwnerReferences(
              List.of(
                  new OwnerReferenceBuilder()
                      .withApiVersion(owner.getApiVersion())
                      .withKind(owner.getKind())
                      .withName(owner.getMetadata().getName())
                      .withUid(owner.getMetadata().getUid())
                      .withController(true)
                      .withBlockOwnerDeletion(true)
                      .build()));
      try {
        created.accept(client.resource(job).create());
        writes++;
        log.info("{}/{}: created Job {}", m.namespace(), m.name(), request.name());
      } catch (KubernetesClientException e) {
        // The cache may lag behind a create of the previous reconcile: the Job is there already.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Or the name is someone else's (read only in this case, as for the dependents).
        var found = ForeignObjects.find(client, job);
        if (found != null
            && !Ownership.ours(
                found.getMetadata(),
                owner.getMetadata().getName(),
                owner.getMetadata().getUid(),
                true)) {
          childWrites.notOwned("Job", request.name());
        }
      }
    }
    return writes;
  }

  /**
   * Deletes the finished release Jobs of versions that are neither {@code keepVersion} nor
   * requested now, so Jobs do not pile up release after release; the stable version's migration Job
   * stays for its logs, and a running Job stays until it finished.
   */
  public static int prune(
      KubernetesClient client,
      String keepVersion,
      List<JobRequest> requests,
      Collection<Job> existing) {
    int writes = 0;
    for (Job job : existing) {
      var labels = job.getMetadata().getLabels();
      String version = labels == null ? null : labels.get(Labels.VERSION);
      boolean requested =
          requests.stream().anyMatch(r -> r.name().equals(job.getMetadata().getName()));
      // A running Job is never deleted: a migration stopped halfway can leave the schema broken.
      if (!requested
          && !Objects.equals(version, keepVersion)
          && Observed.state(job) != JobState.RUNNING
          && job.getMetadata().getDeletionTimestamp() == null) {
        delete(client, job);
        writes++;
      }
    }
    return writes;
  }

  private static void delete(KubernetesClient client, Job job) {
    // Background: the Job object goes at once, its pods after it, so a replacement can be created.
    client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }
}
