package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.cache.StatusThrottle;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.testkit.ControllerSimulator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restart safety: the operator is stopped at every phase of a canary and of a blue-green release
 * and a new one started. It must resume at the same step, write nothing while the world has not
 * moved, never move traffic back, handle each action token once and run each Job once.
 */
class ReleaseRestartIT extends ReleaseTest {

  /**
   * Restarts the operator and checks that the new one picks up exactly where the old one stopped:
   * same phase, step, weight, slots and handled tokens, the same traffic, and no write at all.
   */
  private void restartAndCheckItResumes(String name) {
    // The old operator first writes what it knows: pod counts it held back (StatusThrottle) would
    // otherwise be written by the new one, a write that no step of the release caused. Such a write
    // comes at most one interval after the change it reports, so once neither the cluster nor the
    // operator has moved for longer than that, none is pending (a quiet spell of the operator's
    // writes alone is not enough: a pod that turns ready at its end starts one).
    d.harness.awaitSettled(StatusThrottle.INTERVAL.plusMillis(250));
    var statusBefore = d.harness.instance(name).getStatus();
    var before = d.release(name);
    var traffic = d.checkTraffic(name);
    d.harness.stopOperator();
    long mark = d.harness.mark();
    d.harness.startOperator();
    d.harness.awaitReconciles(6);
    var after = d.release(name);
    assertThat(after.getPhase())
        .as("phase after a restart in %s", before.getPhase())
        .isEqualTo(before.getPhase());
    assertThat(after.getStepIndex()).isEqualTo(before.getStepIndex());
    assertThat(after.getCanaryWeight()).isEqualTo(before.getCanaryWeight());
    assertThat(after.getActiveSlot()).isEqualTo(before.getActiveSlot());
    assertThat(after.getStartedAt()).isEqualTo(before.getStartedAt());
    assertThat(after.getHandledActions()).isEqualTo(before.getHandledActions());
    assertThat(d.checkTraffic(name)).isEqualTo(traffic);
    assertThat(d.harness.operatorWritesSince(mark))
        .as(
            () ->
                "writes of the new operator in %s; the status before the restart:%n%s%nand after:%n%s"
                    .formatted(
                        before.getPhase(),
                        Serialization.asYaml(statusBefore),
                        Serialization.asYaml(d.harness.instance(name).getStatus())))
        .isEmpty();
  }

  /** Istio's objects and Gateway API's route carry a canary's state differently; both resume. */
  @ParameterizedTest
  @ValueSource(strings = {"Istio", "GatewayAPI"})
  void aCanaryResumesAtTheSameStepAfterARestartInEveryPhase(String router) {
    d.install("ams", CanaryReleaseIT.ISTIO.replace("Istio", router));
    String migration = ReleaseDriver.migrationJob("ams", "1.1.0");
    d.holdJob(migration);
    d.holdUnready("ams", "web", "green");
    d.setVersion("ams", "1.1.0");
    d.awaitPhase("ams", ReleasePhase.Migrating);
    restartAndCheckItResumes("ams");

    d.harness.simulator().release(ControllerSimulator.JOB, ReleaseDriver.NS, migration);
    d.awaitPhase("ams", ReleasePhase.Progressing);
    restartAndCheckItResumes("ams");

    d.releaseHold("ams", "web", "green");
    d.awaitRelease("ams", "10% paused", r -> Objects.equals(r.getCanaryWeight(), 10));
    restartAndCheckItResumes("ams");

    d.act("ams", Action.PROMOTE, "p1");
    d.awaitRelease("ams", "50% paused", r -> Objects.equals(r.getCanaryWeight(), 50));
    // The promote annotation is still there: the new operator must not take it a second time.
    restartAndCheckItResumes("ams");
    assertThat(d.harness.instance("ams").getMetadata().getAnnotations())
        .containsEntry(Action.PROMOTE.annotation(), "p1");

    d.clock.advance(Duration.ofSeconds(61));
    d.awaitPhase("ams", ReleasePhase.Promoting);
    restartAndCheckItResumes("ams");

    d.clock.advance(Duration.ofSeconds(31));
    d.awaitRelease("ams", "stable", r -> r.getPhase() == ReleasePhase.Stable);
    restartAndCheckItResumes("ams");

    assertThat(d.jobCreations(migration)).as("migration Job runs once").isEqualTo(1);
    d.assertCandidateShareNeverShrank("green");
  }

  @Test
  void aBlueGreenReleaseResumesAtTheSameStepAfterARestartInEveryPhase() {
    d.install("ams", BlueGreenReleaseIT.BLUE_GREEN);
    String migration = ReleaseDriver.migrationJob("ams", "1.1.0");
    String smoke = new ResourceNames("ams").smokeCheckJob("1.1.0");
    d.holdJob(migration);
    d.holdJob(smoke);
    d.setVersion("ams", "1.1.0");
    d.awaitPhase("ams", ReleasePhase.Migrating);
    restartAndCheckItResumes("ams");

    d.harness.simulator().release(ControllerSimulator.JOB, ReleaseDriver.NS, migration);
    d.awaitRelease(
        "ams",
        "smoke check running",
        r -> r.getPhase() == ReleasePhase.Progressing && r.getMessage().contains("smoke check"));
    restartAndCheckItResumes("ams");

    d.harness.simulator().release(ControllerSimulator.JOB, ReleaseDriver.NS, smoke);
    d.awaitPhase("ams", ReleasePhase.Paused);
    restartAndCheckItResumes("ams");

    d.act("ams", Action.PROMOTE, "p1");
    d.awaitPhase("ams", ReleasePhase.Promoting);
    restartAndCheckItResumes("ams");

    d.clock.advance(Duration.ofSeconds(31));
    d.awaitRelease("ams", "stable", r -> r.getPhase() == ReleasePhase.Stable);
    restartAndCheckItResumes("ams");

    assertThat(d.jobCreations(migration)).as("migration Job runs once").isEqualTo(1);
    assertThat(d.jobCreations(smoke)).as("smoke check runs once").isEqualTo(1);
    assertThat(d.history)
        .extracting(t -> t.serviceSlot().get("api"))
        .as("the API Service moves from blue to green once and never back")
        .containsSubsequence("blue", "green")
        .doesNotContainSequence("green", "blue");
  }
}
