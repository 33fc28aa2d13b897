package com.suresoft.ams.operator.embedded;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plays the Deployment controller: every Deployment becomes ready with all desired replicas
 * available at once, unless a test holds it back.
 */
final class DeploymentSimulation {

  private final KubernetesClient client;
  private final HorizontalPodAutoscalerSimulation autoscaler;
  private final Holds holds;
  private final Clock clock;

  DeploymentSimulation(
      KubernetesClient client,
      HorizontalPodAutoscalerSimulation autoscaler,
      Holds holds,
      Clock clock) {
    this.client = client;
    this.autoscaler = autoscaler;
    this.holds = holds;
    this.clock = clock;
  }

  void reconcile(ObjectKey key) {
    Deployment deployment =
        client.apps().deployments().inNamespace(key.namespace()).withName(key.name()).get();
    if (deployment == null) {
      return;
    }
    Optional<HorizontalPodAutoscaler> hpa =
        autoscaler.targeting(ControllerSimulator.DEPLOYMENT, key.namespace(), key.name());
    // The server defaults a missing count to 1; the HPA raises it to its minimum.
    if (hpa.isPresent()
        && (deployment.getSpec().getReplicas() == null
            || deployment.getSpec().getReplicas()
                < HorizontalPodAutoscalerSimulation.minReplicas(hpa.get()))) {
      deployment =
          autoscaler.scale(
              Deployment.class,
              deployment,
              HorizontalPodAutoscalerSimulation.minReplicas(hpa.get()));
    }
    // Without an HPA, a real API server would have defaulted the missing count to 1.
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    DeploymentStatus wanted = statusFor(deployment, replicas, holds.isHeld(key));
    if (!wanted.equals(deployment.getStatus())) {
      deployment.setStatus(wanted);
      client.resource(deployment).updateStatus();
    }
    hpa.ifPresent(h -> autoscaler.reportStatus(h, replicas, replicas));
  }

  private DeploymentStatus statusFor(Deployment deployment, int replicas, boolean held) {
    DeploymentStatus current =
        Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
    String replicaSet =
        deployment.getMetadata().getName()
            + "-"
            + SimulatedStatus.hashOf(
                deployment.getSpec().getTemplate(), client.getKubernetesSerialization());
    List<DeploymentCondition> existing =
        Objects.requireNonNullElse(current.getConditions(), List.of());
    DeploymentCondition available =
        held
            ? condition(
                existing,
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.")
            : condition(
                existing,
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.");
    DeploymentCondition progressing =
        held
            ? condition(
                existing,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                "ReplicaSet \"" + replicaSet + "\" is progressing.")
            : condition(
                existing,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                "ReplicaSet \"" + replicaSet + "\" has successfully progressed.");
    return new DeploymentStatusBuilder(current)
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(SimulatedStatus.nonZero(replicas))
        .withUpdatedReplicas(SimulatedStatus.nonZero(replicas))
        .withReadyReplicas(held ? null : SimulatedStatus.nonZero(replicas))
        .withAvailableReplicas(held ? null : SimulatedStatus.nonZero(replicas))
        .withUnavailableReplicas(held ? SimulatedStatus.nonZero(replicas) : null)
        .withConditions(available, progressing)
        .build();
  }

  /** Keeps the timestamps of a condition that did not change, so a re-run writes nothing. */
  private DeploymentCondition condition(
      List<DeploymentCondition> existing,
      String type,
      String status,
      String reason,
      String message) {
    Optional<DeploymentCondition> same =
        existing.stream()
            .filter(
                c ->
                    type.equals(c.getType())
                        && status.equals(c.getStatus())
                        && reason.equals(c.getReason())
                        && message.equals(c.getMessage()))
            .findFirst();
    if (same.isPresent()) {
      return same.get();
    }
    String now = SimulatedStatus.now(clock);
    String transitioned =
        existing.stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(DeploymentCondition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now);
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(now)
        .withLastTransitionTime(transitioned)
        .build();
  }
}
