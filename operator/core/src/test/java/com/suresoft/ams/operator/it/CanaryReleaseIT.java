package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.release.AnalysisResult;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Canary from 1.0.0 to 1.1.0 with Istio, nginx and Gateway API: weights step by step (10 %, pause
 * until promote, 50 %, a timed pause, full promotion), the header route, candidate replicas
 * following the weight, the worker switching at full promotion, metric analysis aborting, and an
 * abort at every step sending all traffic back to 1.0.0 at once.
 */
class CanaryReleaseIT extends ReleaseTest {
  static final String ISTIO =
      """
      strategy: Canary
      canary:
        trafficRouter: Istio
        steps:
          - setWeight: 10
          - pause: {}
          - setWeight: 50
          - pause: {durationSeconds: 60}
      """;
  static final String NGINX = ISTIO.replace("Istio", "Nginx");
  static final String GATEWAY_API = ISTIO.replace("Istio", "GatewayAPI");

  @Test
  void istioWeightsMoveStepByStepForwardOnlyAndOnlyOntoReadyPods() {
    d.install("ams", ISTIO);
    var steady = d.checkTraffic("ams");
    assertThat(steady.serviceSlot()).containsEntry("web", "both");
    assertThat(steady.meshWeights().get("web"))
        .containsExactlyEntriesOf(java.util.Map.of("blue", 100));
    assertThat(steady.meshHeaderSlot()).isEmpty();
    assertThat(d.harness.get(DestinationRule.class, "ams-api").getSpec().getSubsets())
        .extracting(s -> s.getName() + "=" + s.getLabels().get("ams.suresoft.com/slot"))
        .containsExactly("blue=blue", "green=green");

    d.holdUnready("ams", "api", "green");
    d.setVersion("ams", "1.1.0");
    d.awaitRelease("ams", "step 1 scaling", r -> r.getPhase() == ReleasePhase.Progressing);
    d.harness.awaitReconciles(4);
    var unready = d.checkTraffic("ams");
    assertThat(unready.webWeightOn("green")).isZero();
    assertThat(unready.meshHeaderSlot()).as("no header route to an unready candidate").isEmpty();

    d.releaseHold("ams", "api", "green");
    var at10 =
        d.awaitRelease(
            "ams",
            "paused at 10%",
            r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 10));
    assertThat(at10.getSummary()).isEqualTo("Canary 10% paused");
    assertThat(at10.getStepIndex()).isEqualTo(1);
    var t10 = d.checkTraffic("ams");
    assertThat(t10.meshWeights().get("api")).containsEntry("blue", 90).containsEntry("green", 10);
    assertThat(t10.meshHeaderSlot()).containsEntry("web", "green").containsEntry("api", "green");
    assertThat(d.replicas("ams", "api", "green")).isEqualTo(1);
    assertThat(d.replicas("ams", "worker", "green"))
        .as("the worker waits for full promotion")
        .isZero();

    d.act("ams", Action.PROMOTE, "p1");
    var at50 =
        d.awaitRelease(
            "ams",
            "paused at 50%",
            r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 50));
    assertThat(at50.getStepIndex()).isEqualTo(3);
    assertThat(d.checkTraffic("ams").meshWeights().get("web"))
        .containsEntry("blue", 50)
        .containsEntry("green", 50);

    d.clock.advance(Duration.ofSeconds(61));
    d.awaitPhase("ams", ReleasePhase.Promoting);
    var full = d.checkTraffic("ams");
    assertThat(full.meshWeights().get("web")).containsEntry("green", 100).containsEntry("blue", 0);
    assertThat(d.replicas("ams", "worker", "green")).isEqualTo(1);

    d.clock.advance(Duration.ofSeconds(31));
    var done = d.awaitRelease("ams", "stable", r -> r.getPhase() == ReleasePhase.Stable);
    assertThat(done.getActiveSlot()).isEqualTo(Slot.green);
    assertThat(done.getStableVersion()).isEqualTo("1.1.0");
    d.harness.awaitPhase("ams", Phase.Ready);
    assertThat(d.checkTraffic("ams").meshWeights().get("web"))
        .containsExactlyEntriesOf(java.util.Map.of("green", 100));
    assertThat(d.deployment("ams", "web", "blue")).isNull();

    // No step ever moved traffic back: the candidate's share only grew.
    var weights = d.assertCandidateShareNeverShrank("green");
    assertThat(weights).contains(10, 50, 100);
  }

  @Test
  void switchingFromAnIstioCanaryToBlueGreenRemovesTheIstioObjects() {
    d.install("ams", ISTIO);
    assertThat(d.harness.get(DestinationRule.class, "ams-web")).isNotNull();
    d.harness.edit(
        "ams",
        i -> {
          i.getSpec().getRelease().setStrategy(ReleaseStrategy.BlueGreen);
          return i;
        });
    d.harness.awaitReconciles(4);
    var traffic = d.checkTraffic("ams");
    assertThat(traffic.meshWeights()).isEmpty();
    assertThat(traffic.serviceSlot()).containsEntry("web", "blue").containsEntry("api", "blue");
    assertThat(d.harness.get(DestinationRule.class, "ams-web")).isNull();
  }

  @Test
  void nginxCanaryIngressCarriesTheWeightAndHeaderAndGoesAwayAfterwards() {
    d.install("ams", NGINX);
    assertThat(d.checkTraffic("ams").nginxCanaryWeight()).isNull();
    d.setVersion("ams", "1.1.0");
    d.awaitRelease(
        "ams",
        "paused at 10%",
        r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 10));
    var t10 = d.checkTraffic("ams");
    assertThat(t10.nginxCanaryWeight()).isEqualTo(10);
    assertThat(t10.canaryServiceSlot()).containsEntry("web", "green").containsEntry("api", "green");
    assertThat(t10.serviceSlot()).containsEntry("web", "blue");
    var canary =
        d.harness.get(
            io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "ams-ingress-canary");
    assertThat(canary.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/canary", "true")
        .containsEntry("nginx.ingress.kubernetes.io/canary-by-header", "canary")
        .containsEntry("nginx.ingress.kubernetes.io/canary-by-header-value", headerValue(d));

    d.act("ams", Action.PROMOTE_FULL, "full-1");
    d.awaitPhase("ams", ReleasePhase.Promoting);
    assertThat(d.checkTraffic("ams").serviceSlot()).containsEntry("web", "green");
    d.clock.advance(Duration.ofSeconds(31));
    d.awaitRelease("ams", "stable", r -> r.getPhase() == ReleasePhase.Stable);
    var after = d.checkTraffic("ams");
    assertThat(after.nginxCanaryWeight()).isNull();
    assertThat(after.serviceSlot()).containsEntry("web", "green").containsEntry("api", "green");
    assertThat(d.harness.get(Service.class, "ams-web-canary")).isNull();
  }

  @Test
  void gatewayApiRouteSplitsByWeightWithTheHeaderRuleFirstAndEndsOnTheNewStable() {
    d.install("ams", GATEWAY_API);
    assertThat(d.harness.get(Ingress.class, "ams-ingress")).as("the route replaces it").isNull();
    var steady = d.checkTraffic("ams");
    assertThat(steady.gatewayWeights().get("web")).containsExactlyEntriesOf(Map.of("blue", 100));
    assertThat(steady.gatewayHeaderSlot()).isEmpty();
    assertThat(d.harness.get(Service.class, "ams-web-canary")).isNull();

    d.holdUnready("ams", "api", "green");
    d.setVersion("ams", "1.1.0");
    d.awaitRelease("ams", "step 1 scaling", r -> r.getPhase() == ReleasePhase.Progressing);
    d.harness.awaitReconciles(4);
    var unready = d.checkTraffic("ams");
    assertThat(unready.webWeightOn("green")).isZero();
    assertThat(unready.gatewayHeaderSlot()).as("no header rule to an unready candidate").isEmpty();
    assertThat(d.harness.get(Service.class, "ams-api-canary").getSpec().getSelector())
        .containsEntry("ams.suresoft.com/slot", "green");

    d.releaseHold("ams", "api", "green");
    d.awaitRelease(
        "ams",
        "paused at 10%",
        r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 10));
    var t10 = d.checkTraffic("ams");
    assertThat(t10.gatewayWeights().get("api"))
        .containsEntry("blue", 90)
        .containsEntry("green", 10);
    assertThat(t10.gatewayHeaderSlot()).containsEntry("web", "green").containsEntry("api", "green");
    var rules = d.harness.get(HTTPRoute.class, "ams-route").getSpec().getRules();
    assertThat(rules.get(0).getMatches().get(0).getHeaders())
        .as("the header rule comes first")
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.getName() + ": " + h.getValue())
                    .isEqualTo("canary: " + headerValue(d)));
    // Paused at 10 %, the split route as applied is what the operator wants: nothing is written.
    long mark = d.harness.mark();
    d.harness.awaitReconciles(4);
    assertThat(d.harness.operatorWritesSince(mark)).as("writes while paused at 10%").isEmpty();

    d.act("ams", Action.PROMOTE, "p1");
    d.awaitRelease(
        "ams",
        "paused at 50%",
        r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 50));
    assertThat(d.checkTraffic("ams").gatewayWeights().get("web"))
        .containsEntry("blue", 50)
        .containsEntry("green", 50);

    d.clock.advance(Duration.ofSeconds(61));
    d.awaitPhase("ams", ReleasePhase.Promoting);
    assertThat(d.checkTraffic("ams").webWeightOn("green")).isEqualTo(100);

    d.clock.advance(Duration.ofSeconds(31));
    var done = d.awaitRelease("ams", "stable", r -> r.getPhase() == ReleasePhase.Stable);
    assertThat(done.getActiveSlot()).isEqualTo(Slot.green);
    await("canary Services gone once the route no longer sends to them")
        .atMost(Duration.ofSeconds(30))
        .until(() -> d.harness.get(Service.class, "ams-web-canary") == null);
    var after = d.checkTraffic("ams");
    assertThat(after.gatewayWeights().get("web")).containsExactlyEntriesOf(Map.of("green", 100));
    assertThat(after.gatewayHeaderSlot()).isEmpty();
    var weights = d.assertCandidateShareNeverShrank("green");
    assertThat(weights).contains(10, 50, 100);
  }

  @Test
  void failingMetricChecksBeyondTheLimitAbortTheCanary() {
    d.install(
        "ams",
        ISTIO
            + """
            analysis:
              prometheusUrl: http://prometheus:9090
              intervalSeconds: 30
              failureLimit: 1
            """
                .indent(2));
    d.verdict = AnalysisResult.failed("test: error rate 0.2 above 0.05");
    d.setVersion("ams", "1.1.0");
    // A check looks at one interval of traffic at the new weight, so the first is due after one.
    d.awaitRelease("ams", "10%, waiting for a check", r -> Objects.equals(r.getCanaryWeight(), 10));
    d.clock.advance(Duration.ofSeconds(31));
    d.awaitRelease("ams", "first failed check", r -> Objects.equals(r.getAnalysisFailures(), 1));
    assertThat(d.release("ams").getPhase()).isEqualTo(ReleasePhase.Progressing);
    assertThat(d.release("ams").getLastAnalysis()).contains("error rate 0.2");
    d.clock.advance(Duration.ofSeconds(31));
    var aborted = d.awaitPhase("ams", ReleasePhase.Aborted);
    assertThat(aborted.getAnalysisFailures()).isEqualTo(2);
    assertThat(aborted.getMessage()).contains("analysis failed 2 times");
    assertThat(d.checkTraffic("ams").webWeightOn("green")).isZero();
  }

  /** The steps of a canary an abort can interrupt. */
  enum Step {
    MIGRATING,
    SCALING,
    AT_10,
    AT_50,
    PROMOTING
  }

  @Test
  void anAbortAtEveryStepSendsAllTrafficBackToAAtOnce() {
    var releases = Map.of("istio", ISTIO, "nginx", NGINX, "gatewayapi", GATEWAY_API);
    for (String router : List.of("istio", "nginx", "gatewayapi")) {
      for (Step step : Step.values()) {
        String name = router + "-" + step.name().toLowerCase().replace('_', '-');
        d.install(name, releases.get(router));
        switch (step) {
          case MIGRATING -> d.startHeldInMigration(name);
          case SCALING -> d.startHeldScalingUp(name);
          case AT_10 -> {
            d.setVersion(name, "1.1.0");
            d.awaitRelease(name, "10%", r -> Objects.equals(r.getCanaryWeight(), 10));
          }
          case AT_50 -> {
            d.setVersion(name, "1.1.0");
            d.awaitPhase(name, ReleasePhase.Paused);
            d.act(name, Action.PROMOTE, "p1");
            d.awaitRelease(name, "50%", r -> Objects.equals(r.getCanaryWeight(), 50));
          }
          case PROMOTING -> {
            d.setVersion(name, "1.1.0");
            d.awaitPhase(name, ReleasePhase.Paused);
            d.act(name, Action.PROMOTE_FULL, "f1");
            d.awaitPhase(name, ReleasePhase.Promoting);
            assertThat(d.checkTraffic(name).webWeightOn("green")).isEqualTo(100);
          }
        }
        d.act(name, Action.ABORT, "a1");
        var aborted = d.awaitPhase(name, ReleasePhase.Aborted);
        var back = d.checkTraffic(name);
        assertThat(back.webWeightOn("blue"))
            .as("%s %s: all web traffic on A", router, step)
            .isEqualTo(100);
        assertThat(back.userSlots().get("api")).as("%s %s: API", router, step).containsOnly("blue");
        assertThat(back.userSlots().get("web")).as("%s %s: web", router, step).containsOnly("blue");
        assertThat(back.meshHeaderSlot()).isEmpty();
        assertThat(back.nginxHeaderRoute()).isFalse();
        assertThat(back.nginxCanaryWeight()).isNull();
        assertThat(back.gatewayHeaderSlot()).isEmpty();
        assertThat(aborted.getStableVersion()).isEqualTo("1.0.0");
        d.assertCandidateScaledDown(name, router + " " + step);
      }
    }
  }

  /**
   * The header value the status shows engineers: the instance's token, not a well-known value, and
   * what the routes must match.
   */
  private static String headerValue(ReleaseDriver d) {
    String shown = d.release("ams").getCanaryHeader();
    assertThat(shown).startsWith("canary: ").isNotEqualTo("canary: true");
    return shown.substring("canary: ".length());
  }
}
