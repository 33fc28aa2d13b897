package com.suresoft.ams.operator.model.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppHttpRoute;
import com.suresoft.ams.operator.model.app.AppIngress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTPRoute that publishes AMS through Gateway API, its stable and canary Services, and the
 * GatewayAPI canary's weights and header rules, built from routing intents.
 */
class GatewayApiRouteTest {

  private static InstanceModel model(String router, String tier) {
    return InstanceModel.of(
        TestInstances.withSpec(
            "ams",
            """
            tier: %s
            version: "1.1.0"
            ingress:
              host: ams.example.com
              gateway:
                parentRefs:
                  - {name: public-gateway, namespace: gateway-system, sectionName: https}
                  - {name: internal}
            release:
              strategy: Canary
              canary: {trafficRouter: %s, headerRoute: {name: x-canary, value: "yes"}}
            """
                .formatted(tier, router)));
  }

  private static final RoutingIntent STEADY =
      new RoutingIntent(Slot.blue, null, Slot.blue, null, 0, false, TrafficRouter.GatewayAPI);

  private static final RoutingIntent CANARY_10 =
      new RoutingIntent(Slot.blue, null, Slot.blue, Slot.green, 10, true, TrafficRouter.GatewayAPI);

  private static HTTPRoute route(InstanceModel m, RoutingIntent r) {
    return AppHttpRoute.desired(m, r).orElseThrow();
  }

  /** "path [header=value] -> backend:weight, ..." per rule, in order. */
  private static List<String> rules(HTTPRoute route) {
    return route.getSpec().getRules().stream().map(GatewayApiRouteTest::describe).toList();
  }

  private static String describe(HTTPRouteRule rule) {
    var match = rule.getMatches().get(0);
    var b = new StringBuilder(match.getPath().getType() + " " + match.getPath().getValue());
    if (match.getHeaders() != null && !match.getHeaders().isEmpty()) {
      var h = match.getHeaders().get(0);
      b.append(" [").append(h.getType()).append(' ');
      b.append(h.getName()).append('=').append(h.getValue()).append(']');
    }
    b.append(" ->");
    for (HTTPBackendRef ref : rule.getBackendRefs()) {
      b.append(' ').append(ref.getName()).append(':').append(ref.getPort());
      b.append('@').append(ref.getWeight());
    }
    return b.toString();
  }

  @Test
  void routePublishesTheIngressRoutingOnTheHostAttachedToTheNamedGateways() {
    var m = model("Istio", "Production");
    var route = route(m, RoutingIntent.single(Slot.blue));
    assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    assertThat(route.getKind()).isEqualTo("HTTPRoute");
    assertThat(route.getMetadata().getName()).isEqualTo("ams-route");
    assertThat(route.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "ingress");
    assertThat(route.getSpec().getHostnames()).containsExactly("ams.example.com");
    assertThat(route.getSpec().getParentRefs())
        .extracting(
            p ->
                p.getGroup()
                    + "/"
                    + p.getKind()
                    + " "
                    + p.getNamespace()
                    + "/"
                    + p.getName()
                    + ":"
                    + p.getSectionName())
        .containsExactly(
            "gateway.networking.k8s.io/Gateway gateway-system/public-gateway:https",
            "gateway.networking.k8s.io/Gateway null/internal:null");
    assertThat(rules(route))
        .containsExactly(
            "PathPrefix /api -> ams-api-stable:4000@100", "PathPrefix / -> ams-web-stable:80@100");
    // The route replaces the Ingress; the URL still comes from the host.
    assertThat(AppIngress.desired(m)).isEmpty();
    assertThat(AppIngress.url(m)).contains("https://ams.example.com");
  }

  @Test
  void withoutAGatewayThereIsNoRouteAndNoStableServicesAndTheIngressStays() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams", "tier: Development\nversion: \"1.0.0\"\ningress: {host: a.example.com}"));
    assertThat(AppHttpRoute.desired(m, RoutingIntent.single(Slot.blue))).isEmpty();
    assertThat(ReleaseServices.stable(m, RoutingIntent.single(Slot.blue))).isEmpty();
    assertThat(AppIngress.desired(m)).isPresent();
  }

  @Test
  void theEdgeSwitchedOffRemovesTheRouteToo() {
    var spec = model("Istio", "Development");
    spec.spec().getIngress().setEnabled(false);
    assertThat(AppHttpRoute.desired(spec, RoutingIntent.single(Slot.blue))).isEmpty();
    assertThat(AppIngress.desired(spec)).isEmpty();
    assertThat(AppIngress.url(spec)).isEmpty();
  }

  @Test
  void outsideAReleaseTheRouteSendsEverythingToTheStableServicesAndNoCanaryServiceExists() {
    var m = model("GatewayAPI", "Development");
    assertThat(rules(route(m, STEADY)))
        .containsExactly(
            "PathPrefix /api -> ams-api-stable:4000@100", "PathPrefix / -> ams-web-stable:80@100");
    var stable = ReleaseServices.stable(m, STEADY);
    assertThat(stable).containsOnlyKeys("ams-api-stable", "ams-web-stable");
    assertThat(stable.get("ams-api-stable").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.API, Slot.blue));
    assertThat(ReleaseServices.canary(m, STEADY)).isEmpty();
  }

  @Test
  void aCanaryStepPutsTheHeaderRulesFirstThenTheWeightsBetweenStableAndCanary() {
    var m = model("GatewayAPI", "Development");
    assertThat(rules(route(m, CANARY_10)))
        .containsExactly(
            "PathPrefix /api [Exact x-canary=yes] -> ams-api-canary:4000@100",
            "PathPrefix / [Exact x-canary=yes] -> ams-web-canary:80@100",
            "PathPrefix /api -> ams-api-stable:4000@90 ams-api-canary:4000@10",
            "PathPrefix / -> ams-web-stable:80@90 ams-web-canary:80@10");
    var canary = ReleaseServices.canary(m, CANARY_10);
    assertThat(canary).containsOnlyKeys("ams-api-canary", "ams-web-canary");
    assertThat(canary.get("ams-web-canary").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.WEB, Slot.green));
    assertThat(ReleaseServices.stable(m, CANARY_10).get("ams-web-stable").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.WEB, Slot.blue));
  }

  @Test
  void aCandidateWithoutReadyPodsKeepsItsBackendAtWeightZeroAndHasNoHeaderRule() {
    var m = model("GatewayAPI", "Development");
    var unready =
        new RoutingIntent(
            Slot.blue, null, Slot.blue, Slot.green, 0, false, TrafficRouter.GatewayAPI);
    assertThat(rules(route(m, unready)))
        .containsExactly(
            "PathPrefix /api -> ams-api-stable:4000@100 ams-api-canary:4000@0",
            "PathPrefix / -> ams-web-stable:80@100 ams-web-canary:80@0");
    assertThat(ReleaseServices.canary(m, unready))
        .containsOnlyKeys("ams-api-canary", "ams-web-canary");
  }

  @Test
  void atFullPromotionTheStableServicesFollowTheCandidateAsThePlainServicesDo() {
    var m = model("GatewayAPI", "Development");
    var full =
        new RoutingIntent(
            Slot.green, null, Slot.blue, Slot.green, 100, true, TrafficRouter.GatewayAPI);
    assertThat(rules(route(m, full)))
        .contains("PathPrefix / -> ams-web-stable:80@0 ams-web-canary:80@100");
    assertThat(ReleaseServices.stable(m, full).get("ams-api-stable").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.API, Slot.green));
  }

  @Test
  void canaryServicesLingerOnTheSlotTheRouteStillSendsTo() {
    var m = model("GatewayAPI", "Development");
    var ended = RoutingIntent.single(Slot.blue).withLingeringCanaryServices(Slot.green);
    assertThat(ReleaseServices.canary(m, ended).get("ams-api-canary").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.API, Slot.green));
    assertThat(rules(route(m, ended)))
        .containsExactly(
            "PathPrefix /api -> ams-api-stable:4000@100", "PathPrefix / -> ams-web-stable:80@100");
  }

  @Test
  void underIstioTheStableServicesSelectOneSlotWhereThePlainOnesSelectBoth() {
    var m = model("Istio", "Development");
    var at50 = new RoutingIntent(null, null, Slot.blue, Slot.green, 50, true, TrafficRouter.Istio);
    assertThat(ReleaseServices.stable(m, at50).get("ams-web-stable").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.WEB, Slot.blue));
    var full = new RoutingIntent(null, null, Slot.blue, Slot.green, 100, true, TrafficRouter.Istio);
    assertThat(ReleaseServices.stable(m, full).get("ams-web-stable").getSpec().getSelector())
        .isEqualTo(Labels.selector("ams", Component.WEB, Slot.green));
    // The route never splits for another router.
    assertThat(rules(route(m, at50)))
        .containsExactly(
            "PathPrefix /api -> ams-api-stable:4000@100", "PathPrefix / -> ams-web-stable:80@100");
  }

  @Test
  void anNginxRouterBehindAGatewayHasNoCanaryIngressToMergeInto() {
    var m = model("Nginx", "Development");
    var r =
        new RoutingIntent(Slot.blue, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Nginx);
    assertThat(NginxCanaryIngress.desired(m, r)).isEmpty();
  }
}
