package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the HPA controller's replica decisions, without metrics: the load a test sets stands for
 * them. Like the real controller it
 *
 * <ul>
 *   <li>leaves a target whose replicas are 0 alone (scaling is disabled then; desired is 0);
 *   <li>brings a count outside [minReplicas, maxReplicas] to the nearest bound;
 *   <li>otherwise scales to the wanted count of the {@link #setLoad load}, clamped to the bounds,
 *       or keeps the current count when no load was set;
 *   <li>acts on whatever its {@code scaleTargetRef} names now;
 *   <li>writes {@code spec.replicas} of the target as {@value ControllerSimulator#HPA_ACTOR} and
 *       reports {@code status.currentReplicas} (the target's count it found) and {@code
 *       status.desiredReplicas}.
 * </ul>
 *
 * <p>Not modelled: scale-up/down rate limits and the 5-minute scale-down stabilization window;
 * status conditions.
 */
final class HorizontalPodAutoscalerSimulation {

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<ObjectKey, Integer> loads = new ConcurrentHashMap<>();

  /** {@code client} sends the {@link ControllerSimulator#HPA_ACTOR} actor header. */
  HorizontalPodAutoscalerSimulation(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** From now on the autoscaler {@code key} wants {@code replicas} (before its bounds). */
  void setLoad(ObjectKey key, int replicas) {
    loads.put(key, replicas);
  }

  /** Returns whether it wrote anything (the target's replicas or the HPA's status). */
  boolean reconcile(ObjectKey key) {
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(key.namespace())
            .withName(key.name())
            .get();
    if (hpa == null || hpa.getSpec() == null) {
      return false;
    }
    CrossVersionObjectReference ref = hpa.getSpec().getScaleTargetRef();
    Class<? extends HasMetadata> type = ref == null ? null : typeOf(ref.getKind());
    HasMetadata target =
        type == null
            ? null
            : client.resources(type).inNamespace(key.namespace()).withName(ref.getName()).get();
    if (target == null) {
      return false;
    }
    int current = Objects.requireNonNullElse(replicasOf(target), 1);
    int max = Objects.requireNonNullElse(hpa.getSpec().getMaxReplicas(), Integer.MAX_VALUE);
    int desired = desired(current, loads.get(key), minReplicas(hpa), max);
    boolean wrote = false;
    if (desired != current) {
      scale(type, target, desired);
      wrote = true;
    }
    return reportStatus(hpa, current, desired, wrote) || wrote;
  }

  /**
   * The count the controller wants: 0 keeps scaling off, a count outside the bounds goes to the
   * nearest one, and otherwise the load decides.
   */
  static int desired(int current, Integer load, int min, int max) {
    if (current == 0) {
      return 0;
    }
    return Math.max(min, Math.min(max, load == null ? current : load));
  }

  /** The autoscaler names {@code kind}/{@code name} as its target. */
  static boolean targets(HorizontalPodAutoscaler hpa, String kind, String name) {
    CrossVersionObjectReference target =
        hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
    return target != null && kind.equals(target.getKind()) && name.equals(target.getName());
  }

  private static int minReplicas(HorizontalPodAutoscaler hpa) {
    return Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1);
  }

  /** Writes {@code spec.replicas} the way the HPA controller takes ownership of it. */
  private void scale(Class<? extends HasMetadata> type, HasMetadata workload, int replicas) {
    client
        .resources(type)
        .inNamespace(workload.getMetadata().getNamespace())
        .withName(workload.getMetadata().getName())
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(ControllerSimulator.HPA_ACTOR)
                .build(),
            "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private boolean reportStatus(
      HorizontalPodAutoscaler hpa, int currentReplicas, int desiredReplicas, boolean scaled) {
    HorizontalPodAutoscalerStatus current = hpa.getStatus();
    HorizontalPodAutoscalerStatusBuilder wanted =
        (current == null
                ? new HorizontalPodAutoscalerStatusBuilder()
                : new HorizontalPodAutoscalerStatusBuilder(current))
            .withCurrentReplicas(currentReplicas)
            .withDesiredReplicas(desiredReplicas);
    if (scaled) {
      wanted.withLastScaleTime(SimulatedStatus.now(clock));
    }
    HorizontalPodAutoscalerStatus status = wanted.build();
    if (status.equals(current)) {
      return false;
    }
    hpa.setStatus(status);
    client.resource(hpa).updateStatus();
    return true;
  }

  private static Integer replicasOf(HasMetadata target) {
    return target instanceof Deployment d
        ? d.getSpec().getReplicas()
        : ((StatefulSet) target).getSpec().getReplicas();
  }

  private static Class<? extends HasMetadata> typeOf(String kind) {
    return switch (Objects.requireNonNullElse(kind, "")) {
      case ControllerSimulator.DEPLOYMENT -> Deployment.class;
      case ControllerSimulator.STATEFUL_SET -> StatefulSet.class;
      default -> null;
    };
  }
}
