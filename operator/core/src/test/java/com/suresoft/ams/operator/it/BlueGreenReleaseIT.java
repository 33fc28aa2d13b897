package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.testkit.ControllerSimulator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blue-green from 1.0.0 to 1.1.0 in the harness: migration gate, candidate slot behind preview
 * Services, smoke check, promotion by a Service selector switch, scale-down delay; and an abort at
 * every step sending all traffic back to 1.0.0 at once.
 */
class BlueGreenReleaseIT extends ReleaseTest {
  static final String BLUE_GREEN =
      """
      strategy: BlueGreen
      blueGreen: {previewService: true, scaleDownDelaySeconds: 30}
      """;

  @Test
  void fromAToBTrafficMovesOnlyAtPromotionAndOnlyToReadyPods() {
    d.install("ams", BLUE_GREEN);
    var installed = d.checkTraffic("ams");
    assertThat(installed.serviceSlot()).containsEntry("web", "blue").containsEntry("api", "blue");
    assertThat(installed.previewSlot()).isEmpty();
    assertThat(d.release("ams").getStableVersion()).isEqualTo("1.0.0");

    // The candidate's API is held unready: the release must wait for it, routing nothing to it.
    d.holdUnready("ams", "api", "green");
    long mark = d.harness.mark();
    d.setVersion("ams", "1.1.0");
    var starting =
        d.awaitRelease(
            "ams", "candidate scaling up", r -> r.getPhase() == ReleasePhase.Progressing);
    assertThat(starting.getSummary()).isEqualTo("BlueGreen starting");
    assertThat(d.harness.get(Job.class, ReleaseDriver.migrationJob("ams", "1.1.0"))).isNotNull();
    assertThat(d.replicas("ams", "api", "green")).isEqualTo(1);
    assertThat(d.deployment("ams", "api", "green").getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/version", "1.1.0");
    d.harness.awaitReconciles(4);
    var waiting = d.checkTraffic("ams");
    assertThat(waiting.serviceSlot()).containsEntry("web", "blue").containsEntry("api", "blue");
    assertThat(d.harness.get(Job.class, new ResourceNames("ams").smokeCheckJob("1.1.0")))
        .as("no smoke check before the candidate is ready")
        .isNull();
    assertThat(d.release("ams").getPhase()).isEqualTo(ReleasePhase.Progressing);

    d.releaseHold("ams", "api", "green");
    var preview = d.awaitPhase("ams", ReleasePhase.Paused);
    assertThat(preview.getSummary()).isEqualTo("BlueGreen preview");
    var previewing = d.checkTraffic("ams");
    assertThat(previewing.serviceSlot()).containsEntry("web", "blue").containsEntry("api", "blue");
    assertThat(previewing.previewSlot())
        .containsEntry("web", "green")
        .containsEntry("api", "green");
    assertThat(d.harness.get(Job.class, new ResourceNames("ams").smokeCheckJob("1.1.0")))
        .isNotNull();
    assertThat(d.harness.instance("ams").getStatus().getPhase()).isEqualTo(Phase.Progressing);

    d.act("ams", Action.PROMOTE, "promote-1");
    d.awaitPhase("ams", ReleasePhase.Promoting);
    var promoted = d.checkTraffic("ams");
    assertThat(promoted.serviceSlot()).containsEntry("web", "green").containsEntry("api", "green");
    // The old slot keeps its pods for an instant rollback until the scale-down delay is over.
    assertThat(d.replicas("ams", "api", "blue")).isEqualTo(1);
    assertThat(d.replicas("ams", "web", "blue")).isEqualTo(1);

    d.clock.advance(Duration.ofSeconds(31));
    var done = d.awaitRelease("ams", "1.1.0 stable", r -> r.getPhase() == ReleasePhase.Stable);
    assertThat(done.getStableVersion()).isEqualTo("1.1.0");
    assertThat(done.getActiveSlot()).isEqualTo(Slot.green);
    assertThat(done.getHandledActions()).containsEntry("promote", "promote-1");
    d.harness.awaitPhase("ams", Phase.Ready);
    assertThat(d.deployment("ams", "api", "blue")).isNull();
    assertThat(d.harness.get(Service.class, "ams-api-preview")).isNull();
    assertThat(d.harness.get(Job.class, ReleaseDriver.migrationJob("ams", "1.0.0")))
        .as("the old version's migration Job is pruned")
        .isNull();
    assertThat(d.jobCreations(ReleaseDriver.migrationJob("ams", "1.1.0"))).isEqualTo(1);

    // One Event per step, in order.
    assertThat(d.eventReasons("ams"))
        .containsSubsequence(
            "ReleaseStarted",
            "MigrationSucceeded",
            "CandidateStarting",
            "PreviewReady",
            "Promoted",
            "Released");

    // The figure docs/releases.md reports: writes of the whole release, none of them a no-op.
    var writes = d.harness.operatorWritesSince(mark);
    var noOps =
        d.harness.server().requestLog().noOpWritesSince(mark, OperatorHarness.OPERATOR::equals);
    System.out.printf(
        "blue-green release 1.0.0 -> 1.1.0: %d operator writes, %d of them no-ops:%n%s%n",
        writes.size(),
        noOps.size(),
        String.join("\n", writes.stream().map(Object::toString).toList()));
    assertThat(noOps).as("writes that changed nothing").isEmpty();
  }

  /** The steps of a blue-green release an abort can interrupt. */
  enum Step {
    MIGRATING,
    SCALING_UP,
    PREVIEW,
    PROMOTING
  }

  /**
   * Behind a Gateway, blue-green still switches Service selectors: the HTTPRoute points at the
   * -stable Services, which switch with the plain ones, only at promotion and only to a ready slot.
   */
  @Test
  void behindAGatewayTheRoutesStableServicesSwitchAtPromotion() {
    d.installBehindGateway("ams", BLUE_GREEN);
    assertThat(d.harness.get(Ingress.class, "ams-ingress")).isNull();
    var installed = d.checkTraffic("ams");
    assertThat(installed.gatewayWeights().get("api")).containsExactlyEntriesOf(Map.of("blue", 100));

    d.setVersion("ams", "1.1.0");
    d.awaitPhase("ams", ReleasePhase.Paused);
    var preview = d.checkTraffic("ams");
    assertThat(preview.gatewayWeights().get("web")).containsExactlyEntriesOf(Map.of("blue", 100));
    assertThat(preview.previewSlot()).containsEntry("web", "green");

    d.act("ams", Action.PROMOTE, "promote-1");
    d.awaitPhase("ams", ReleasePhase.Promoting);
    var promoted = d.checkTraffic("ams");
    assertThat(promoted.gatewayWeights().get("web")).containsExactlyEntriesOf(Map.of("green", 100));
    assertThat(promoted.gatewayWeights().get("api")).containsExactlyEntriesOf(Map.of("green", 100));
    assertThat(d.harness.get(HTTPRoute.class, "ams-route").getSpec().getRules())
        .flatExtracting(r -> r.getBackendRefs())
        .extracting(b -> b.getName())
        .containsExactly("ams-api-stable", "ams-web-stable");

    d.clock.advance(Duration.ofSeconds(31));
    d.awaitRelease("ams", "stable", r -> r.getPhase() == ReleasePhase.Stable);
    assertThat(d.checkTraffic("ams").gatewayWeights().get("api"))
        .containsExactlyEntriesOf(Map.of("green", 100));
  }

  @Test
  void anAbortAtEveryStepSendsAllTrafficBackToAAtOnce() {
    for (Step step : Step.values()) {
      String name = "bg-" + step.name().toLowerCase().replace('_', '-');
      d.install(name, BLUE_GREEN);
      switch (step) {
        case MIGRATING -> d.startHeldInMigration(name);
        case SCALING_UP -> d.startHeldScalingUp(name);
        case PREVIEW -> {
          d.setVersion(name, "1.1.0");
          d.awaitPhase(name, ReleasePhase.Paused);
        }
        case PROMOTING -> {
          d.setVersion(name, "1.1.0");
          d.awaitPhase(name, ReleasePhase.Paused);
          d.act(name, Action.PROMOTE, "p1");
          d.awaitPhase(name, ReleasePhase.Promoting);
          assertThat(d.checkTraffic(name).serviceSlot()).containsEntry("api", "green");
        }
      }
      d.act(name, Action.ABORT, "a1");
      var aborted = d.awaitPhase(name, ReleasePhase.Aborted);
      // Everything at once, in the reconcile that took the abort: the status is written last.
      var back = d.checkTraffic(name);
      assertThat(back.serviceSlot())
          .as("%s: Services back on blue", step)
          .containsEntry("web", "blue")
          .containsEntry("api", "blue");
      assertThat(back.previewSlot()).as("%s: no preview", step).isEmpty();
      assertThat(aborted.getActiveSlot()).isEqualTo(Slot.blue);
      assertThat(aborted.getStableVersion()).isEqualTo("1.0.0");
      assertThat(aborted.getHandledActions()).containsEntry("abort", "a1");
      d.assertCandidateScaledDown(name, step);
      for (String c : List.of("web", "api", "worker")) {
        assertThat(d.replicas(name, c, "blue"))
            .as("%s: %s-blue keeps serving", step, c)
            .isEqualTo(1);
      }
      var instance = d.harness.instance(name);
      assertThat(instance.getStatus().getPhase()).isEqualTo(Phase.Degraded);
    }
  }

  @Test
  void aFailedMigrationFailsTheReleaseWhileAServesAndRetryRunsItAgain() {
    d.install("ams", BLUE_GREEN);
    String job = ReleaseDriver.migrationJob("ams", "1.1.0");
    d.harness.simulator().failJob(ReleaseDriver.NS, job);
    d.setVersion("ams", "1.1.0");
    var failed = d.awaitPhase("ams", ReleasePhase.Failed);
    assertThat(failed.getMessage()).contains(job).contains("failed");
    assertThat(d.checkTraffic("ams").serviceSlot()).containsEntry("api", "blue");
    assertThat(d.replicas("ams", "api", "green")).isIn(null, 0);
    assertThat(d.eventReasons("ams")).contains("MigrationFailed");
    var condition =
        d.harness.instance("ams").getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("ReleaseFailed");

    // retry: the failed Job of the earlier attempt is replaced, and this time it succeeds.
    d.harness.simulator().release(ControllerSimulator.JOB, ReleaseDriver.NS, job);
    // Attempts are told apart by their start time; a real clock moves between them.
    d.clock.advance(Duration.ofSeconds(5));
    d.act("ams", Action.RETRY, "r1");
    d.awaitPhase("ams", ReleasePhase.Paused);
    assertThat(d.jobCreations(job)).isEqualTo(2);
    assertThat(d.release("ams").getHandledActions()).containsEntry("retry", "r1");
  }
}
