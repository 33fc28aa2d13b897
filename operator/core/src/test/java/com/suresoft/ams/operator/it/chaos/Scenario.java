package com.suresoft.ams.operator.it.chaos;

import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.it.OperatorHarness;
import com.suresoft.ams.operator.release.Action;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a user does to the cluster in a chaos test, step by step, each step with the state that
 * tells the operator has dealt with it. The chaos tests run a scenario once without faults for the
 * expected end state, then again with faults or restarts at chosen points, and compare.
 *
 * <p>Two kinds: creating instances, and a blue-green release (create, edit {@code spec.version},
 * promote).
 */
public record Scenario(String name, List<Step> steps) {

  /** How long one step may take to converge, faults and restarts included. */
  public static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * One action and the condition that says the operator has finished with it.
   *
   * @param act what the user does, through {@link OperatorHarness#user()} (never faulted)
   * @param done true once the cluster shows the result
   */
  public record Step(String name, Consumer<OperatorHarness> act, Predicate<OperatorHarness> done) {}

  /** Creating the shipped sample of {@code tier} (named {@code ams}), until it is Ready. */
  public static Scenario creation(String sample) {
    return creation(sample, List.of(TestInstances.sample(sample)));
  }

  /** Creating {@code instances} at once, until every one is Ready. */
  public static Scenario creation(String name, List<AmsInstance> instances) {
    var names = instances.stream().map(i -> i.getMetadata().getName()).toList();
    return new Scenario(
        "create " + name,
        List.of(
            new Step(
                "create " + String.join(", ", names),
                h -> instances.forEach(i -> h.create(TestInstances.copy(i))),
                h -> allSettled(h, names, Phase.Ready))));
  }

  /**
   * A blue-green release of {@code name} from 1.0.0 to 1.1.0: create it (Ready), set the version
   * (the preview is up: release phase Paused), promote with a fixed token (1.1.0 stable, Ready).
   * Without a scale-down delay, so the end state comes without waiting.
   */
  public static Scenario blueGreenRelease(String name) {
    var instance =
        TestInstances.withSpec(
            name,
            """
            tier: Development
            version: "1.0.0"
            release:
              strategy: BlueGreen
              blueGreen: {scaleDownDelaySeconds: 0}
            """);
    return new Scenario(
        "blue-green release of " + name,
        List.of(
            new Step(
                "create " + name,
                h -> h.create(TestInstances.copy(instance)),
                h -> isSettled(h.instance(name), Phase.Ready)),
            new Step(
                "release 1.1.0 to its preview",
                // Merge patches, as kubectl patch sends: a full update could meet a 409 from the
                // operator's status writes, which the chaos tests are not about.
                h -> patch(h, name, "{\"spec\":{\"version\":\"1.1.0\"}}"),
                h -> releasePhase(h.instance(name)) == ReleasePhase.Paused),
            new Step(
                "promote",
                h ->
                    patch(
                        h,
                        name,
                        "{\"metadata\":{\"annotations\":{\""
                            + Action.PROMOTE.annotation()
                            + "\":\"p1\"}}}"),
                h -> {
                  var i = h.instance(name);
                  return isSettled(i, Phase.Ready)
                      && "1.1.0".equals(i.getStatus().getRelease().getStableVersion());
                })));
  }

  private static void patch(OperatorHarness h, String name, String mergePatch) {
    h.user()
        .resources(AmsInstance.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            mergePatch);
  }

  private static ReleasePhase releasePhase(AmsInstance i) {
    return i == null || i.getStatus() == null || i.getStatus().getRelease() == null
        ? null
        : i.getStatus().getRelease().getPhase();
  }

  /** Ready (or another phase) for the instance's current generation. */
  public static boolean isSettled(AmsInstance instance, Phase phase) {
    return instance != null
        && instance.getStatus() != null
        && instance.getStatus().getPhase() == phase
        && Objects.equals(
            instance.getStatus().getObservedGeneration(), instance.getMetadata().getGeneration());
  }

  /** Every named instance settled in {@code phase}, read with one list request. */
  public static boolean allSettled(OperatorHarness harness, List<String> names, Phase phase) {
    var byName =
        instances(harness).stream()
            .collect(Collectors.toMap(i -> i.getMetadata().getName(), i -> i));
    return names.stream().allMatch(n -> isSettled(byName.get(n), phase));
  }

  private static List<AmsInstance> instances(OperatorHarness harness) {
    return harness
        .user()
        .resources(AmsInstance.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .list()
        .getItems();
  }

  /** Runs every step: acts, then waits until it is done. */
  public void run(OperatorHarness harness) {
    for (Step step : steps) {
      step.act().accept(harness);
      awaitDone(step, harness);
    }
  }

  /** Waits until the last step's result shows (after a restart that came late, say). */
  public void awaitSettled(OperatorHarness harness) {
    awaitDone(steps.get(steps.size() - 1), harness);
  }

  private void awaitDone(Step step, OperatorHarness harness) {
    try {
      await(name + ": " + step.name())
          .atMost(STEP_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> step.done().test(harness));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          name + ": " + step.name() + " not done after " + STEP_TIMEOUT + "; " + states(harness),
          e);
    }
  }

  /** Each instance's phase and Ready condition, to say where a scenario got stuck. */
  private static String states(OperatorHarness harness) {
    return instances(harness).stream()
        .map(
            i ->
                i.getMetadata().getName()
                    + ": "
                    + (i.getStatus() == null
                        ? "no status"
                        : i.getStatus().getPhase()
                            + " "
                            + i.getStatus().getConditions().stream()
                                .filter(c -> c.getType().equals("Ready"))
                                .map(c -> c.getReason() + " (" + c.getMessage() + ")")
                                .findFirst()
                                .orElse("")))
        .collect(Collectors.joining("; "));
  }
}
