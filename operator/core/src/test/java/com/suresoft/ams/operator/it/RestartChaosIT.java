package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.it.chaos.ClusterDump;
import com.suresoft.ams.operator.it.chaos.RequestCountTrigger;
import com.suresoft.ams.operator.it.chaos.Scenario;
import com.suresoft.ams.operator.it.chaos.SecretHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator stopped at a random point of its work and started again (a new process would do the
 * same: it has only what the cluster holds) ends with exactly the objects a run without a restart
 * builds, never regenerates the Secret, and never routes user traffic against the release rules
 * ({@link RoutingRecorder} watches every run).
 *
 * <p>Each iteration draws, from its seed, a scenario, the operator request after which the operator
 * stops (between the first and the last request a run without restart makes), and whether it stops
 * gracefully or has its connections cut first as in a crash. To replay a failure: {@code
 * -Dams.chaos.seed=SEED -Dams.chaos.iterations=N}.
 */
class RestartChaosIT {
  private static final long SEED = Long.getLong("ams.chaos.seed", 7_2026L);
  private static final int ITERATIONS = Integer.getInteger("ams.chaos.iterations", 50);

  /**
   * Longer than the test: progress must come from events and the operator's own retries, not from a
   * periodic resync that would paper over a lost event.
   */
  private static final Duration NO_RESYNC = Duration.ofMinutes(30);

  private static final List<Scenario> CREATIONS =
      TestInstances.TIERS.stream().map(Scenario::creation).toList();

  private static final Scenario RELEASE = Scenario.blueGreenRelease("rel");

  /** Half the iterations restart during a release, the others during one tier's creation. */
  private static Scenario draw(SplittableRandom random) {
    return random.nextBoolean() ? RELEASE : CREATIONS.get(random.nextInt(CREATIONS.size()));
  }

  private record Expected(ClusterDump dump, long operatorRequests) {}

  @Test
  void anOperatorRestartedAnywhereDuringCreationOrAReleaseBuildsTheSameObjects() throws Exception {
    ExecutorService chaos = Executors.newSingleThreadExecutor();
    try (var harness = OperatorHarness.start(NO_RESYNC);
        var secrets = SecretHistory.watch(harness.user())) {
      var failures = new ArrayList<String>();
      var expected = new LinkedHashMap<Scenario, Expected>();
      for (Scenario scenario : Stream.concat(CREATIONS.stream(), Stream.of(RELEASE)).toList()) {
        long mark = harness.mark();
        try (var routing = RoutingRecorder.start(harness)) {
          secrets.explainingFailures(
              () -> {
                scenario.run(harness);
                harness.awaitOperatorQuiet(Duration.ofMillis(300));
              });
          judgeRouting(routing, "run without restart: " + scenario.name(), failures);
        }
        long requests =
            harness.server().requestLog().since(mark).stream()
                .filter(r -> r.actor().equals(OperatorHarness.OPERATOR))
                .count();
        expected.put(
            scenario,
            new Expected(ClusterDump.of(harness.server(), OperatorHarness.NAMESPACE), requests));
        assertThat(secrets.secretsSeen()).as("generated Secrets seen").isEqualTo(1);
        assertThat(secrets.breaches()).isEmpty();
        harness.clearNamespace();
        secrets.forget();
      }

      int midway = 0;
      for (int i = 0; i < ITERATIONS; i++) {
        var random = new SplittableRandom(SEED + i);
        Scenario scenario = draw(random);
        Expected want = expected.get(scenario);
        long stopAfter = 1 + random.nextLong(want.operatorRequests());
        boolean crash = random.nextBoolean();
        String what =
            String.format(
                "iteration %d (seed %d): %s, %s after operator request %d of %d",
                i,
                SEED + i,
                scenario.name(),
                crash ? "crash" : "stop",
                stopAfter,
                want.operatorRequests());

        var routing = RoutingRecorder.start(harness);
        var trigger = new RequestCountTrigger(OperatorHarness.OPERATOR, stopAfter);
        harness.server().addInterceptor(trigger);
        var scenarioDone = new AtomicBoolean();
        CompletableFuture<Boolean> restart =
            CompletableFuture.supplyAsync(
                () -> restartWhenTriggered(harness, trigger, scenarioDone, crash), chaos);
        secrets.explainingFailures(() -> scenario.run(harness));
        scenarioDone.set(true);
        if (restart.get()) {
          midway++;
        }
        harness.server().removeInterceptor(trigger);
        secrets.explainingFailures(() -> scenario.awaitSettled(harness));

        var differences =
            ClusterDump.awaitSame(
                harness.server(), OperatorHarness.NAMESPACE, want.dump(), Duration.ofSeconds(10));
        if (!differences.isEmpty()) {
          failures.add(what + ": " + differences);
        }
        secrets.breaches().forEach(b -> failures.add(what + ": " + b));
        try (routing) {
          judgeRouting(routing, what, failures);
        }
        harness.clearNamespace();
        secrets.forget();
      }
      System.out.printf(
          "RestartChaosIT: %d iterations from seed %d, %d restarts before the scenario finished%n",
          ITERATIONS, SEED, midway);
      assertThat(failures).isEmpty();
      // Most restarts must fall inside the work, or the test would prove little.
      assertThat(midway)
          .as("restarts before the scenario finished")
          .isGreaterThan(ITERATIONS * 3 / 4);
    } finally {
      chaos.shutdownNow();
    }
  }

  /**
   * Adds what the routing rules ({@link RoutingInvariants}) say about one run to {@code failures}:
   * a restart must not send user traffic anywhere a release may not, even for a moment.
   */
  private static void judgeRouting(RoutingRecorder routing, String what, List<String> failures) {
    routing.awaitSettled();
    var invariants = routing.invariants();
    var violations = invariants.violations();
    if (!violations.isEmpty()) {
      failures.add(what + ": " + invariants.report(violations));
    }
  }

  /**
   * Restarts the operator once the trigger fires, or when the scenario finished first (a late
   * point); returns whether the restart came before the scenario finished.
   */
  private static boolean restartWhenTriggered(
      OperatorHarness harness,
      RequestCountTrigger trigger,
      AtomicBoolean scenarioDone,
      boolean crash) {
    try {
      while (!trigger.await(Duration.ofMillis(10)) && !scenarioDone.get()) {
        // The operator sends nothing once done, so the count may never be reached.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    boolean midway = !scenarioDone.get();
    if (crash) {
      harness.stopOperatorAbruptly();
    } else {
      harness.stopOperator();
    }
    harness.startOperator();
    return midway;
  }
}
