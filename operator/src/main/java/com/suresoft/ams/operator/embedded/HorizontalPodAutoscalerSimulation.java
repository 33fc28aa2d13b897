package com.suresoft.ams.operator.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plays the HPA controller, just enough for an operator that leaves {@code spec.replicas} unset
 * when an autoscaler owns the replica count: a target without replicas is scaled to {@code
 * minReplicas}, and the HPA's status reports the replica count. There are no metrics, so nothing
 * scales beyond that, and replicas outside [min, max] are not corrected.
 */
final class HorizontalPodAutoscalerSimulation {

  private final KubernetesClient client;

  /** {@code client} sends the {@link ControllerSimulator#HPA_ACTOR} actor header. */
  HorizontalPodAutoscalerSimulation(KubernetesClient client) {
    this.client = client;
  }

  /** The autoscaler targeting this object, read fresh from the server. */
  Optional<HorizontalPodAutoscaler> targeting(String kind, String namespace, String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .filter(hpa -> targets(hpa, kind, name))
        .findFirst();
  }

  static boolean targets(HorizontalPodAutoscaler hpa, String kind, String name) {
    CrossVersionObjectReference target =
        hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
    return target != null && kind.equals(target.getKind()) && name.equals(target.getName());
  }

  static int minReplicas(HorizontalPodAutoscaler hpa) {
    return Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1);
  }

  /** Writes {@code spec.replicas} the way the HPA controller takes ownership of it. */
  <T extends HasMetadata> T scale(Class<T> type, T workload, int replicas) {
    return client
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

  /** Reports the replica counts in the HPA's status, if they changed. */
  void reportStatus(HorizontalPodAutoscaler hpa, int currentReplicas, int desiredReplicas) {
    HorizontalPodAutoscalerStatus current = hpa.getStatus();
    HorizontalPodAutoscalerStatus wanted =
        (current == null
                ? new HorizontalPodAutoscalerStatusBuilder()
                : new HorizontalPodAutoscalerStatusBuilder(current))
            .withCurrentReplicas(currentReplicas)
            .withDesiredReplicas(desiredReplicas)
            .build();
    if (!wanted.equals(current)) {
      hpa.setStatus(wanted);
      client.resource(hpa).updateStatus();
    }
  }

  static List<String> scalableKinds() {
    return List.of(ControllerSimulator.DEPLOYMENT, ControllerSimulator.STATEFUL_SET);
  }
}
