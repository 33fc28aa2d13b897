package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobState;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Collection;
import java.util.Objects;

/**
 * Turns the objects the informers hold into what the planner reads: {@link ObservedSlots} from the
 * app tier's Deployments and HPAs, {@link JobObservation}s from release Jobs. Pure: no client.
 */
public final class Observed {
  private Observed() {}

  /** Each component's Deployment per slot, and what its HPA currently wants. */
  public static ObservedSlots slots(
      ResourceNames names,
      Collection<Deployment> deployments,
      Collection<HorizontalPodAutoscaler> autoscalers) {
    var result = ObservedSlots.NONE;
    for (Component c : Component.APP_TIER) {
      for (Slot slot : Slot.values()) {
        String name = names.deployment(c, slot);
        for (Deployment d : deployments) {
          if (name.equals(d.getMetadata().getName())) {
            result = result.with(c, slot, slot(d));
          }
        }
      }
      for (HorizontalPodAutoscaler hpa : autoscalers) {
        Integer wanted = hpa.getStatus() == null ? null : hpa.getStatus().getDesiredReplicas();
        if (names.hpa(c).equals(hpa.getMetadata().getName()) && wanted != null) {
          result = result.withHpa(c, wanted);
        }
      }
    }
    return result;
  }

  /**
   * A Deployment as the planner sees it: ready pods as far as they are updated to the template the
   * status describes, and whether that status is of the current generation (see {@link
   * SlotObservation}).
   */
  static SlotObservation slot(Deployment d) {
    var labels = d.getMetadata().getLabels();
    String version = labels == null ? null : labels.get(Labels.VERSION);
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    var s = d.getStatus();
    if (s == null) {
      return new SlotObservation(version, desired, 0, false);
    }
    boolean current =
        s.getObservedGeneration() != null
            && s.getObservedGeneration() >= d.getMetadata().getGeneration();
    int ready =
        readyOfCurrentTemplate(s.getReplicas(), s.getReadyReplicas(), s.getUpdatedReplicas());
    return new SlotObservation(version, desired, ready, current);
  }

  /**
   * Ready pods of the workload's current template, from its status: {@code readyReplicas} counts
   * the ready pods of every template, and during a rollout the old pods ({@code replicas -
   * updatedReplicas}) still run, so at least that many of the ready ones may be old. What is left
   * (and no more than {@code updatedReplicas}) is certainly of the current template. Counting old
   * pods as new made an in-place rollout look finished while only old pods were ready.
   */
  public static int readyOfCurrentTemplate(Integer replicas, Integer ready, Integer updated) {
    int all = Objects.requireNonNullElse(replicas, 0);
    int current = Objects.requireNonNullElse(updated, 0);
    int old = Math.max(0, all - current);
    return Math.max(0, Math.min(current, Objects.requireNonNullElse(ready, 0) - old));
  }

  /** The Job called {@code name}, if the informer holds it. */
  public static JobObservation job(Collection<Job> jobs, String name) {
    for (Job job : jobs) {
      if (name.equals(job.getMetadata().getName())) {
        var annotations = job.getMetadata().getAnnotations();
        String attempt =
            annotations == null ? null : annotations.get(JobObservation.ATTEMPT_ANNOTATION);
        return JobObservation.of(state(job), attempt);
      }
    }
    return JobObservation.ABSENT;
  }

  /** Complete or Failed by the Job's conditions (what {@code kubectl wait} reads); else running. */
  public static JobState state(Job job) {
    if (job.getStatus() != null && job.getStatus().getConditions() != null) {
      for (JobCondition c : job.getStatus().getConditions()) {
        if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
          return JobState.SUCCEEDED;
        }
        if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
          return JobState.FAILED;
        }
      }
    }
    return JobState.RUNNING;
  }
}
