package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.it.chaos.ClusterDump;
import com.suresoft.ams.operator.it.chaos.FaultPolicy;
import com.suresoft.ams.operator.it.chaos.FaultPolicy.Fault;
import com.suresoft.ams.operator.it.chaos.Scenario;
import com.suresoft.ams.operator.it.chaos.SecretHistory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A fleet built while a fifth of the operator's requests fail (500, 503, 429, 409, slow answers,
 * refused and dropped watches) ends with exactly the objects the same fleet gets without faults:
 * nothing missing, nothing extra (no second Job), nothing different, and each generated Secret
 * created once and never changed. To replay with another seed: {@code -Dams.faults.seed=N}.
 */
class FaultInjectionIT {
  private static final long SEED = Long.getLong("ams.faults.seed", 11_2026L);
  private static final double RATE = 0.2;

  /** Two instances of each tier. */
  private static final Scenario FLEET =
      Scenario.creation("a fleet of 8", TestInstances.fleet("fleet", 8));

  /**
   * Longer than the test: every fault must be recovered from by events and retries, not by a
   * periodic resync that would hide a lost event.
   */
  private static final Duration NO_RESYNC = Duration.ofMinutes(30);

  @Test
  void aFleetUnderTwentyPercentFaultsBuildsExactlyWhatItBuildsWithout() {
    ClusterDump expected;
    try (var harness = OperatorHarness.start(NO_RESYNC);
        var secrets = SecretHistory.watch(harness.user())) {
      secrets.explainingFailures(
          () -> {
            FLEET.run(harness);
            harness.awaitOperatorQuiet(Duration.ofMillis(500));
          });
      expected = ClusterDump.of(harness.server(), OperatorHarness.NAMESPACE);
      assertThat(secrets.breaches()).isEmpty();
    }
    assertThat(expected.names("Secret")).hasSize(8);

    try (var harness = OperatorHarness.start(NO_RESYNC);
        var secrets = SecretHistory.watch(harness.user())) {
      var faults = FaultPolicy.on(harness.server(), OperatorHarness.OPERATOR, SEED, RATE).build();
      // Once the operator runs. A fault while its informers first list and watch makes JOSDK
      // refuse to start (stopOnInformerErrorDuringStartup): run exits and Kubernetes restarts
      // the pod, which RestartChaosIT covers.
      harness.server().addInterceptor(faults);
      long mark = harness.mark();

      secrets.explainingFailures(() -> FLEET.run(harness));
      assertThat(
              ClusterDump.awaitSame(
                  harness.server(), OperatorHarness.NAMESPACE, expected, Duration.ofSeconds(20)))
          .as("objects built under faults vs. without")
          .isEmpty();

      assertThat(secrets.secretsSeen()).isEqualTo(8);
      assertThat(secrets.breaches()).isEmpty();
      assertThat(harness.server().requestLog().since(mark))
          .as("deletes by the operator: creating a fleet deletes nothing")
          .noneMatch(
              r -> r.method().equals("DELETE") && r.actor().equals(OperatorHarness.OPERATOR));
      System.out.printf(
          "FaultInjectionIT: seed %d, %d operator requests, faults injected %s%n",
          SEED, faults.seen(), faults.injected());
      // The faults were real: each kind hit the operator, about a fifth of its requests failed.
      // 410 answers only a watch being opened, and the operator opens few once it runs (one after
      // each dropped watch), so a run may draw none; every other kind has hundreds of chances.
      assertThat(faults.injected())
          .containsKeys(
              Fault.INTERNAL_ERROR,
              Fault.UNAVAILABLE,
              Fault.TOO_MANY_REQUESTS,
              Fault.CONFLICT,
              Fault.SLOW,
              Fault.DROP_WATCHES);
      long injected = faults.injected().values().stream().mapToLong(Long::longValue).sum();
      assertThat((double) injected / faults.seen()).isBetween(RATE / 2, RATE * 1.5);
    }
  }
}
