package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.release.IstioRouting;
import com.suresoft.ams.operator.release.RoutingIntent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the routing recorder reads the VirtualServices: bound to Istio gateways they carry matches on
 * every route (mesh, and the edge host's paths), and the reading must still tell the header route
 * from the weighted one, so that edge traffic is judged as mesh traffic is (same subsets).
 */
class TrafficTest {
  private static final RoutingIntent CANARY_10 =
      new RoutingIntent(null, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Istio);

  private static Traffic trafficOf(String istio) {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Development
                version: "1.1.0"
                ingress: {enabled: true, host: ams.example.com}
                release: {strategy: Canary, canary: {trafficRouter: Istio%s}}
                """
                    .formatted(istio)));
    var virtualServices = IstioRouting.virtualServices(m, CANARY_10, "networking.istio.io/v1");
    return Traffic.of("ams", service -> null, virtualServices::get, null);
  }

  @Test
  void gatewayBoundVirtualServicesReadAsTheSameSplitAsMeshOnlyOnes() {
    var meshOnly = trafficOf("");
    var withGateways = trafficOf(", istio: {gateways: [istio-system/public]}");
    for (String c : new String[] {"web", "api"}) {
      assertThat(withGateways.route(c)).isEqualTo(meshOnly.route(c));
      var route = withGateways.route(c).orElseThrow();
      assertThat(route.weights()).isEqualTo(Map.of("blue", 90, "green", 10));
      assertThat(route.headerSlot()).isEqualTo("green");
    }
  }
}
