package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The simulated disruption controller: a budget's status follows the pods it selects. */
class DisruptionBudgetSimulationTest extends SimulatedClusterTest {

  @Test
  void aBudgetCountsTheReadyPodsOfTheWorkloadsItSelectsAndFollowsTheirReadiness() {
    client.resource(Fixtures.deployment("web", 3)).create();
    client.resource(Fixtures.deployment("api", 2)).create();
    client.resource(budget("web", new IntOrString(1), null)).create();

    var ready = awaitStatus("web", s -> Integer.valueOf(3).equals(s.getCurrentHealthy()));
    assertThat(ready.getExpectedPods()).isEqualTo(3);
    assertThat(ready.getDesiredHealthy()).isEqualTo(1);
    assertThat(ready.getDisruptionsAllowed()).isEqualTo(2);
    assertThat(ready.getObservedGeneration()).isEqualTo(1L);
    assertThat(ready.getConditions())
        .singleElement()
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly("DisruptionAllowed", "True", "SufficientPods");

    // Pods losing their readiness reach the budget without any change to its spec.
    simulator.makeUnready(NAMESPACE, "web", 2);
    var unready = awaitStatus("web", s -> Integer.valueOf(1).equals(s.getCurrentHealthy()));
    assertThat(unready.getDisruptionsAllowed()).isZero();
    assertThat(unready.getConditions())
        .singleElement()
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "InsufficientPods");
  }

  @Test
  void theDesiredHealthyPodsComeFromMinAvailableOrMaxUnavailablePercentagesRoundingUp() {
    assertThat(desired(new IntOrString("50%"), null, 3)).isEqualTo(2);
    assertThat(desired(null, new IntOrString("50%"), 3)).isEqualTo(1);
    assertThat(desired(null, new IntOrString(1), 3)).isEqualTo(2);
    assertThat(desired(null, new IntOrString(5), 3)).isZero();
  }

  @Test
  void aSelectorMatchesByLabelsAndExpressions() {
    var template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels("app", "web")
            .addToLabels("slot", "blue")
            .endMetadata()
            .build();
    var byLabel = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
    var byExpression =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("slot")
            .withOperator("In")
            .withValues("blue", "green")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("canary")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    var other = new LabelSelectorBuilder().addToMatchLabels("app", "api").build();

    assertThat(DisruptionBudgetSimulation.matches(byLabel, template)).isTrue();
    assertThat(DisruptionBudgetSimulation.matches(byExpression, template)).isTrue();
    assertThat(DisruptionBudgetSimulation.matches(other, template)).isFalse();
    assertThat(DisruptionBudgetSimulation.matches(null, template)).isFalse();
  }

  private PodDisruptionBudgetStatus awaitStatus(
      String name, Predicate<PodDisruptionBudgetStatus> condition) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var status = read(name).getStatus();
              return status != null && condition.test(status);
            });
    return read(name).getStatus();
  }

  private PodDisruptionBudget read(String name) {
    return client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName(name).get();
  }

  private static int desired(IntOrString min, IntOrString max, int expected) {
    var budget = budget("web", min, max);
    return DisruptionBudgetSimulation.desiredHealthy(budget, expected);
  }

  private static PodDisruptionBudget budget(String app, IntOrString min, IntOrString max) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(app)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(min)
        .withMaxUnavailable(max)
        .withNewSelector()
        .addToMatchLabels("app.kubernetes.io/name", app)
        .endSelector()
        .endSpec()
        .build();
  }
}
