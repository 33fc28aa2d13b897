package com.suresoft.ams.operator.events;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Update filters for kinds whose status another controller rewrites often (the HPA controller
 * writes its status on every sync, every 15 s per HPA): only a change of what the reconciler reads,
 * or of what it owns, brings a reconcile. The informer's cache still holds every update; only the
 * event is dropped, so the next reconcile reads the latest object anyway.
 */
public final class RelevantChanges {
  private RelevantChanges() {}

  /**
   * An HPA: its spec and metadata (the operator's, and drift in them) and the replica count it
   * wants (a release sizes its candidate from it). Not its metrics and timestamps.
   */
  public static final class Autoscalers implements OnUpdateFilter<HorizontalPodAutoscaler> {
    @Override
    public boolean accept(HorizontalPodAutoscaler now, HorizontalPodAutoscaler before) {
      return metadataChanged(now, before)
          || !Objects.equals(now.getSpec(), before.getSpec())
          || !Objects.equals(desired(now), desired(before));
    }

    private static Integer desired(HorizontalPodAutoscaler hpa) {
      return hpa.getStatus() == null ? null : hpa.getStatus().getDesiredReplicas();
    }
  }

  /**
   * An object whose status the operator never reads, of a kind whose status a controller rewrites:
   * a PodDisruptionBudget's on every change of its pods' readiness (every scale of an HPA, every
   * rollout), a CronJob's at every run, a Certificate's, an Ingress's, an HTTPRoute's or an
   * ExternalSecret's when their controllers look at them again. Only a change of its spec (its
   * generation, which the API server raises on every change outside metadata and status), of its
   * metadata or of its owners brings a reconcile; a kind whose objects have no generation is let
   * through whole. Its informer's store keeps no status either ({@link
   * com.suresoft.ams.operator.cache.LeanStore.WithoutStatus}).
   */
  public static final class NotStatus<R extends HasMetadata> implements OnUpdateFilter<R> {
    @Override
    public boolean accept(R now, R before) {
      return now.getMetadata().getGeneration() == null || metadataChanged(now, before);
    }
  }

  /**
   * A PostgreSQL pod: what the {@code -ro} Service's EndpointSlice shows of it (its IP, readiness,
   * whether it terminates) and its labels; not the rest of its status (restarts, container states,
   * probe times), which would bring a reconciliation that finds nothing to do.
   */
  public static final class PostgresPods implements OnUpdateFilter<Pod> {
    @Override
    public boolean accept(Pod now, Pod before) {
      return !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
          || !Objects.equals(
              now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp())
          || !Objects.equals(podIp(now), podIp(before))
          || ready(now) != ready(before);
    }

    private static String podIp(Pod pod) {
      return pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    }

    private static boolean ready(Pod pod) {
      return pod.getStatus() != null
          && pod.getStatus().getConditions() != null
          && pod.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
  }

  /**
   * A data claim: its spec (the size the operator grows) and metadata. Not its status (bound,
   * capacity), which the operator does not read, nor keeps ({@link
   * com.suresoft.ams.operator.cache.LeanStore.WithoutStatus}).
   */
  public static final class Claims implements OnUpdateFilter<PersistentVolumeClaim> {
    @Override
    public boolean accept(PersistentVolumeClaim now, PersistentVolumeClaim before) {
      return metadataChanged(now, before) || !Objects.equals(now.getSpec(), before.getSpec());
    }
  }

  /**
   * An instance: its spec (generation), labels, annotations (the release actions and the JWT
   * rotation are annotations) and deletion, and its {@code status.release}. Not the rest of its
   * status, which only this operator writes: each of its status writes would otherwise bring one
   * more reconciliation that finds nothing to do. A release transition does bring one, because the
   * planner may take the next step from the status it just wrote.
   */
  public static final class Instances implements OnUpdateFilter<AmsInstance> {
    @Override
    public boolean accept(AmsInstance now, AmsInstance before) {
      return metadataChanged(now, before)
          || !Objects.equals(
              now.getMetadata().getFinalizers(), before.getMetadata().getFinalizers())
          || !StatusAggregator.same(release(now), release(before));
    }

    private static ReleaseStatus release(AmsInstance instance) {
      return instance.getStatus() == null ? null : instance.getStatus().getRelease();
    }
  }

  /**
   * What every filter lets through: a new generation, labels, annotations, owners (someone taking
   * an object away from its instance is drift the operator undoes) or a deletion.
   */
  private static boolean metadataChanged(HasMetadata now, HasMetadata before) {
    return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
        || !Objects.equals(
            now.getMetadata().getAnnotations(), before.getMetadata().getAnnotations())
        || !Objects.equals(
            now.getMetadata().getOwnerReferences(), before.getMetadata().getOwnerReferences())
        || !Objects.equals(
            now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp());
  }
}
