package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Plays the Deployment controller over {@link SimulatedPods}: pods start when the Deployment asks
 * for them and become ready as the {@link ReadinessSettings} say (all at once by default), old pods
 * are replaced by ready new ones, and the status reports the counts the way a real controller does
 * ({@code updatedReplicas}: pods of the current template; {@code readyReplicas} and {@code
 * availableReplicas}: ready pods of any template; {@code replicas}: all pods). A held Deployment
 * reports no ready pods at all.
 */
final class DeploymentSimulation {

  private final KubernetesClient client;
  private final Holds holds;
  private final ReadinessSettings settings;
  private final BiConsumer<ObjectKey, Duration> wakeUp;
  private final Clock clock;

  /** Only the worker thread touches the pods. */
  private final Map<ObjectKey, SimulatedPods> pods = new HashMap<>();

  /**
   * @param wakeUp reconciles a key again after a delay, when a pod is due to become ready
   */
  DeploymentSimulation(
      KubernetesClient client,
      Holds holds,
      ReadinessSettings settings,
      BiConsumer<ObjectKey, Duration> wakeUp,
      Clock clock) {
    this.client = client;
    this.holds = holds;
    this.settings = settings;
    this.wakeUp = wakeUp;
    this.clock = clock;
  }

  /** Returns whether it wrote the status. */
  boolean reconcile(ObjectKey key) {
    Deployment deployment =
        client.apps().deployments().inNamespace(key.namespace()).withName(key.name()).get();
    if (deployment == null) {
      pods.remove(key);
      return false;
    }
    String uid = deployment.getMetadata().getUid();
    SimulatedPods running =
        pods.compute(
            key,
            (k, known) ->
                known != null && known.uid().equals(uid) ? known : new SimulatedPods(uid));
    // The server defaults missing replicas to 1; an object stored before that rule had none.
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    String template = templateHash(deployment);
    Instant now = clock.instant();
    running
        .sync(
            template,
            replicas,
            rollout(deployment, replicas),
            settings.readiness(key),
            settings.isCrashLooping(key),
            now)
        .ifPresent(due -> wakeUp.accept(key, Duration.between(now, due)));
    DeploymentStatus wanted =
        statusFor(deployment, replicas, running.counts(template), holds.isHeld(key));
    if (wanted.equals(deployment.getStatus())) {
      return false;
    }
    deployment.setStatus(wanted);
    client.resource(deployment).updateStatus();
    return true;
  }

  /** Makes up to {@code n} ready pods unready until {@link #recover}. Worker thread only. */
  void makeUnready(ObjectKey key, int n) {
    Optional.ofNullable(pods.get(key)).ifPresent(p -> p.makeUnready(n));
  }

  /** Unready pods start again. Worker thread only. */
  void recover(ObjectKey key) {
    Optional.ofNullable(pods.get(key)).ifPresent(SimulatedPods::recover);
  }

  private String templateHash(Deployment deployment) {
    return SimulatedStatus.hashOf(
        deployment.getSpec().getTemplate(), client.getKubernetesSerialization());
  }

  private DeploymentStatus statusFor(
      Deployment deployment, int replicas, SimulatedPods.Counts pods, boolean held) {
    DeploymentStatus current =
        Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
    String replicaSet = deployment.getMetadata().getName() + "-" + templateHash(deployment);
    int available = held ? 0 : pods.ready();
    boolean complete =
        pods.updated() == replicas && pods.replicas() == replicas && available == replicas;
    boolean minimumAvailable = available >= replicas - maxUnavailable(deployment, replicas);
    List<DeploymentCondition> existing =
        Objects.requireNonNullElse(current.getConditions(), List.of());
    DeploymentCondition availability =
        minimumAvailable
            ? condition(
                existing,
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.")
            : condition(
                existing,
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.");
    DeploymentCondition progressing =
        complete
            ? condition(
                existing,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                "ReplicaSet \"" + replicaSet + "\" has successfully progressed.")
            : condition(
                existing,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                "ReplicaSet \"" + replicaSet + "\" is progressing.");
    return new DeploymentStatusBuilder(current)
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(SimulatedStatus.nonZero(pods.replicas()))
        .withUpdatedReplicas(SimulatedStatus.nonZero(pods.updated()))
        .withReadyReplicas(SimulatedStatus.nonZero(available))
        .withAvailableReplicas(SimulatedStatus.nonZero(available))
        .withUnavailableReplicas(SimulatedStatus.nonZero(Math.max(0, pods.replicas() - available)))
        .withConditions(availability, progressing)
        .build();
  }

  static SimulatedPods.Rollout rollout(Deployment deployment, int replicas) {
    DeploymentStrategy strategy = deployment.getSpec().getStrategy();
    boolean recreate = strategy != null && "Recreate".equals(strategy.getType());
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    int surge =
        recreate ? 0 : scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true);
    return new SimulatedPods.Rollout(surge, maxUnavailable(deployment, replicas), recreate);
  }

  /**
   * The unavailable pods a rolling update tolerates, as the Deployment controller computes it for
   * the Available condition: {@code maxUnavailable} (default 25 %, rounded down), at least 1 when
   * {@code maxSurge} is 0 too; none for {@code Recreate}.
   */
  static int maxUnavailable(Deployment deployment, int replicas) {
    DeploymentStrategy strategy = deployment.getSpec().getStrategy();
    if (replicas == 0 || (strategy != null && "Recreate".equals(strategy.getType()))) {
      return 0;
    }
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    int unavailable = scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false);
    int surge = scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true);
    if (unavailable == 0 && surge == 0) {
      unavailable = 1;
    }
    return Math.min(unavailable, replicas);
  }

  private static int scaled(IntOrString value, int replicas, boolean roundUp) {
    if (value == null) {
      value = new IntOrString("25%");
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = value.getStrVal();
    if (text == null || !text.endsWith("%")) {
      return 0;
    }
    double share = Integer.parseInt(text.substring(0, text.length() - 1)) * replicas / 100.0;
    return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
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
