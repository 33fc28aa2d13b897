package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Plays the disruption controller: a PodDisruptionBudget's status counts the pods of the
 * Deployments and StatefulSets its selector matches (their templates' labels) and how many of them
 * are ready, and says how many may be disrupted. A real one rewrites it whenever one of those pods
 * changes its readiness: every rollout and every scale of an HPA reaches whoever watches the
 * budgets. {@link ControllerSimulator} reconciles a budget whenever its informers see a workload
 * its selector matches change (its status included), from their caches, as the real controller
 * does.
 *
 * <p>Pods are the workloads' counts, as everywhere in the simulator: {@code expectedPods} is the
 * sum of their {@code spec.replicas}, {@code currentHealthy} of their {@code readyReplicas}.
 */
final class DisruptionBudgetSimulation {

  private static final String DISRUPTION_ALLOWED = "DisruptionAllowed";

  private final KubernetesClient client;
  private final Clock clock;

  DisruptionBudgetSimulation(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Brings the budget's status in line with the workloads of its namespace (as the simulator's
   * informers have them); returns whether it wrote it.
   */
  boolean reconcile(
      PodDisruptionBudget budget, List<Deployment> deployments, List<StatefulSet> statefulSets) {
    if (budget == null || budget.getSpec() == null) {
      return false;
    }
    LabelSelector selector = budget.getSpec().getSelector();
    int expected = 0;
    int healthy = 0;
    for (Deployment deployment : deployments) {
      if (matches(selector, deployment.getSpec().getTemplate())) {
        expected += Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        healthy +=
            deployment.getStatus() == null ? 0 : ready(deployment.getStatus().getReadyReplicas());
      }
    }
    for (StatefulSet set : statefulSets) {
      if (matches(selector, set.getSpec().getTemplate())) {
        expected += Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        healthy += set.getStatus() == null ? 0 : ready(set.getStatus().getReadyReplicas());
      }
    }
    int desired = desiredHealthy(budget, expected);
    int allowed = Math.max(0, healthy - desired);
    PodDisruptionBudgetStatus current = budget.getStatus();
    PodDisruptionBudgetStatus wanted =
        new PodDisruptionBudgetStatusBuilder()
            .withObservedGeneration(budget.getMetadata().getGeneration())
            .withExpectedPods(expected)
            .withCurrentHealthy(healthy)
            .withDesiredHealthy(desired)
            .withDisruptionsAllowed(allowed)
            .withConditions(condition(current, allowed > 0, budget.getMetadata().getGeneration()))
            .build();
    if (wanted.equals(current)) {
      return false;
    }
    // A copy: the budget is the informer's.
    var written = new PodDisruptionBudgetBuilder(budget).withStatus(wanted).build();
    client.resource(written).updateStatus();
    return true;
  }

  /** {@code DisruptionAllowed}, its transition time kept while its status stays. */
  private Condition condition(
      PodDisruptionBudgetStatus current, boolean allowed, Long observedGeneration) {
    String status = allowed ? "True" : "False";
    String since =
        Stream.ofNullable(current)
            .flatMap(s -> Stream.ofNullable(s.getConditions()).flatMap(List::stream))
            .filter(c -> DISRUPTION_ALLOWED.equals(c.getType()) && status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElseGet(() -> SimulatedStatus.now(clock));
    return new ConditionBuilder()
        .withType(DISRUPTION_ALLOWED)
        .withStatus(status)
        .withReason(allowed ? "SufficientPods" : "InsufficientPods")
        .withMessage("")
        .withObservedGeneration(observedGeneration)
        .withLastTransitionTime(since)
        .build();
  }

  /**
   * As the disruption controller reckons it: {@code minAvailable}, or the expected pods less {@code
   * maxUnavailable}; a percentage of the expected pods rounds up.
   */
  static int desiredHealthy(PodDisruptionBudget budget, int expected) {
    IntOrString min = budget.getSpec().getMinAvailable();
    IntOrString max = budget.getSpec().getMaxUnavailable();
    if (max != null) {
      return Math.max(0, expected - scaled(max, expected));
    }
    return min == null ? 0 : scaled(min, expected);
  }

  private static int scaled(IntOrString value, int expected) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String percent = value.getStrVal().replace("%", "");
    return (int) Math.ceil(Integer.parseInt(percent) * expected / 100.0);
  }

  /** Whether the selector matches the pod template's labels (an absent selector matches none). */
  static boolean matches(LabelSelector selector, PodTemplateSpec template) {
    if (selector == null || template == null || template.getMetadata() == null) {
      return false;
    }
    Map<String, String> labels =
        Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
    Map<String, String> wanted = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
    if (!wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    return Objects.requireNonNullElse(
            selector.getMatchExpressions(), List.<LabelSelectorRequirement>of())
        .stream()
        .allMatch(r -> matches(r, labels));
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }

  private static int ready(Integer readyReplicas) {
    return readyReplicas == null ? 0 : readyReplicas;
  }
}
