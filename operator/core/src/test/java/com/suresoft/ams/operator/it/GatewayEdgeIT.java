package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.GatewayParentRef;
import com.suresoft.ams.operator.api.v1alpha1.spec.GatewaySpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.testkit.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing AMS through Gateway API: the HTTPRoute {@code <name>-route} replaces the Ingress (an
 * Ingress from before the switch is deleted, and comes back when the gateway is removed, which
 * deletes the route), and a cluster without the HTTPRoute CRD gets a Routing condition naming it
 * until the CRD is installed, without a restart.
 */
class GatewayEdgeIT {
  private static final Duration WAIT = Duration.ofSeconds(45);

  private static final String STAGING =
      """
      tier: Staging
      version: "1.0.0"
      ingress: {host: ams.staging.example}
      """;

  private static final String BEHIND_GATEWAY =
      """
      tier: Staging
      version: "1.0.0"
      ingress:
        host: ams.staging.example
        gateway:
          parentRefs: [{name: public-gateway, namespace: gateway-system, sectionName: https}]
      """;

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private void installHttpRouteCrd() {
    harness
        .server()
        .installCrd(
            Fixtures.minimalCrd("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"));
  }

  private Condition awaitRouting(String status) {
    var result = new Condition[1];
    await("Routing " + status)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              var i = harness.instance("ams");
              var c =
                  i == null || i.getStatus() == null
                      ? null
                      : Conditions.find(i.getStatus().getConditions(), "Routing").orElse(null);
              result[0] = c;
              return c != null && status.equals(c.getStatus());
            });
    return result[0];
  }

  @Test
  void switchingToAGatewayReplacesTheIngressByAnHttpRouteAndBack() {
    installHttpRouteCrd();
    harness.create(TestInstances.withSpec("ams", STAGING));
    harness.awaitPhase("ams", Phase.Ready);
    assertThat(harness.get(Ingress.class, "ams-ingress")).isNotNull();
    assertThat(harness.get(HTTPRoute.class, "ams-route")).isNull();

    harness.edit(
        "ams",
        i -> {
          var ref = new GatewayParentRef();
          ref.setName("public-gateway");
          ref.setNamespace("gateway-system");
          ref.setSectionName("https");
          var gateway = new GatewaySpec();
          gateway.setParentRefs(List.of(ref));
          i.getSpec().getIngress().setGateway(gateway);
          return i;
        });
    await("route instead of the Ingress")
        .atMost(WAIT)
        .until(
            () ->
                harness.get(HTTPRoute.class, "ams-route") != null
                    && harness.get(Ingress.class, "ams-ingress") == null);
    var route = harness.get(HTTPRoute.class, "ams-route");
    assertThat(route.getSpec().getHostnames()).containsExactly("ams.staging.example");
    assertThat(route.getSpec().getParentRefs())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("public-gateway");
              assertThat(p.getNamespace()).isEqualTo("gateway-system");
              assertThat(p.getSectionName()).isEqualTo("https");
              assertThat(p.getKind()).isEqualTo("Gateway");
            });
    assertThat(route.getSpec().getRules())
        .extracting(r -> r.getMatches().get(0).getPath().getValue())
        .containsExactly("/api", "/");
    assertThat(route.getSpec().getRules())
        .extracting(r -> r.getBackendRefs().get(0).getName())
        .containsExactly("ams-api-stable", "ams-web-stable");
    // The route's backends exist and select the serving slot, as the plain Services do.
    assertThat(harness.get(Service.class, "ams-web-stable").getSpec().getSelector())
        .isEqualTo(harness.get(Service.class, "ams-web-service").getSpec().getSelector());
    var status = harness.awaitStatus("ams", s -> "https://ams.staging.example".equals(s.getUrl()));
    assertThat(status.getUrl()).isEqualTo("https://ams.staging.example");
    assertThat(awaitRouting("True").getMessage()).contains("published by HTTPRoute ams-route");
    // The route as applied matches what the operator wants: reconciles in step write nothing.
    long mark = harness.mark();
    harness.awaitReconciles(4);
    assertThat(harness.operatorWritesSince(mark)).as("writes once the route is in place").isEmpty();

    // Back to the Ingress: the route and its stable Services go.
    harness.edit(
        "ams",
        i -> {
          i.getSpec().getIngress().setGateway(null);
          return i;
        });
    await("Ingress instead of the route")
        .atMost(WAIT)
        .until(
            () ->
                harness.get(HTTPRoute.class, "ams-route") == null
                    && harness.get(Ingress.class, "ams-ingress") != null
                    && harness.get(Service.class, "ams-web-stable") == null);
  }

  @Test
  void withoutTheHttpRouteCrdTheRoutingConditionNamesItUntilItIsInstalled() {
    harness.create(TestInstances.withSpec("ams", BEHIND_GATEWAY));
    var missing = awaitRouting("False");
    assertThat(missing.getReason()).isEqualTo("CRDNotInstalled");
    assertThat(missing.getMessage())
        .contains("httproutes.gateway.networking.k8s.io", "ams-route", "not published");
    // The rest of the stack is applied, and no Ingress is put up in the route's place.
    harness.awaitPhase("ams", Phase.Ready);
    assertThat(harness.get(Ingress.class, "ams-ingress")).isNull();

    installHttpRouteCrd();
    await("route once the CRD is there")
        .atMost(WAIT)
        .until(() -> harness.get(HTTPRoute.class, "ams-route") != null);
    assertThat(awaitRouting("True").getReason()).isEqualTo("Configured");
  }
}
