package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
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
    // Per instance the app Secret, and the CA and server certificates of the data tier.
    assertThat(expected.names("Secret")).filteredOn(n -> n.endsWith("-secrets")).hasSize(8);
    assertThat(expected.names("Secret")).filteredOn(n -> n.endsWith("-ca")).hasSize(8);

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

  /**
   * A blue-green release under the same faults ends where it ends without: same objects, each Job
   * created once, each step's Event once (a step done twice would record it twice), and the token
   * handled once.
   */
  @Test
  void aReleaseUnderTwentyPercentFaultsEndsWhereItEndsWithoutAndDoesEachStepOnce() {
    var release = Scenario.blueGreenRelease("rel");
    ClusterDump expected;
    long jobsCreated;
    try (var harness = OperatorHarness.start(NO_RESYNC)) {
      release.run(harness);
      harness.awaitOperatorQuiet(Duration.ofMillis(500));
      expected = ClusterDump.of(harness.server(), OperatorHarness.NAMESPACE);
      jobsCreated = jobCreations(harness, 0);
    }
    try (var harness = OperatorHarness.start(NO_RESYNC);
        var phases = new ReleasePhases(harness, "rel")) {
      var faults = FaultPolicy.on(harness.server(), OperatorHarness.OPERATOR, SEED, RATE).build();
      harness.server().addInterceptor(faults);
      long mark = harness.mark();
      release.run(harness);
      assertThat(
              ClusterDump.awaitSame(
                  harness.server(), OperatorHarness.NAMESPACE, expected, Duration.ofSeconds(20)))
          .as("objects after a release under faults vs. without")
          .isEmpty();
      assertThat(jobCreations(harness, mark)).as("Jobs created").isEqualTo(jobsCreated);
      // Events are best effort (a faulted POST loses one), but none may come twice.
      var reasons =
          harness
              .user()
              .v1()
              .events()
              .inNamespace(OperatorHarness.NAMESPACE)
              .list()
              .getItems()
              .stream()
              .filter(e -> e.getMessage().matches(".*1[.-]1[.-]0.*"))
              .map(e -> e.getReason())
              .toList();
      assertThat(reasons).doesNotHaveDuplicates();
      // The release phases as a watcher saw them: forward only, never back to an earlier one.
      var ranks = phases.seen().stream().map(FaultInjectionIT::rank).toList();
      assertThat(ranks).as("release phases seen %s", phases.seen()).isSorted();
      assertThat(phases.seen()).contains(ReleasePhase.Paused, ReleasePhase.Stable);
      assertThat(harness.instance("rel").getStatus().getRelease().getHandledActions())
          .containsEntry("promote", "p1");
      System.out.printf(
          "FaultInjectionIT (release): %d operator requests, faults injected %s%n",
          faults.seen(), faults.injected());
    }
  }

  /** Order of the phases of one release (the Stable it ends in last). */
  private static int rank(ReleasePhase phase) {
    return switch (phase) {
      case Migrating -> 1;
      case Progressing -> 2;
      case Paused -> 3;
      case Promoting -> 4;
      case Stable -> 5;
      case Aborted, Failed -> 6;
    };
  }

  /** The release phases of an instance from its release of 1.1.0 on, as a watcher sees them. */
  private static final class ReleasePhases implements AutoCloseable {
    private final java.util.List<ReleasePhase> seen =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.fabric8.kubernetes.client.Watch watch;

    ReleasePhases(OperatorHarness harness, String name) {
      watch =
          harness
              .user()
              .resources(AmsInstance.class)
              .inNamespace(OperatorHarness.NAMESPACE)
              .withName(name)
              .watch(
                  new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, AmsInstance i) {
                      var r = i.getStatus() == null ? null : i.getStatus().getRelease();
                      boolean releasing =
                          r != null
                              && r.getPhase() != null
                              && "1.1.0".equals(i.getSpec().getVersion())
                              && r.getStableVersion() != null
                              // 1.0.0 still stable: the operator has not seen the edit yet
                              && !(r.getPhase() == ReleasePhase.Stable
                                  && "1.0.0".equals(r.getStableVersion()));
                      if (releasing
                          && (seen.isEmpty() || seen.get(seen.size() - 1) != r.getPhase())) {
                        seen.add(r.getPhase());
                      }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                  });
    }

    java.util.List<ReleasePhase> seen() {
      return seen;
    }

    @Override
    public void close() {
      watch.close();
    }
  }

  /** Jobs the operator created (answered 201) since {@code mark}. */
  private static long jobCreations(OperatorHarness harness, long mark) {
    return harness.server().requestLog().since(mark).stream()
        .filter(r -> r.actor().equals(OperatorHarness.OPERATOR))
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/jobs") && r.status() == 201)
        .count();
  }
}
