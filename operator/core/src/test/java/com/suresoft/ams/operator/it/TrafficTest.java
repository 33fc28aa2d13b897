package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.rollout.IstioRouting;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the routing recorder reads the VirtualServices: the recorder judges the mesh ones, and the
 * edge ones (bound to Istio gateways) must route to the same split. Their routes all carry matches
 * (the edge host's paths), so the reading tells the header route by its header match.
 */
class TrafficTest {
  private static final RoutingIntent CANARY_10 =
      new RoutingIntent(null, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Istio);

  private static Map<String, VirtualService> virtualServices(String istio) {
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
    return IstioRouting.virtualServices(m, CANARY_10, "networking.istio.io/v1");
  }

  @Test
  void theEdgeVirtualServicesReadAsTheSameSplitAsTheMeshOnes() {
    var all = virtualServices(", istio: {gateways: [istio-system/public]}");
    var mesh = Traffic.of("ams", service -> null, all::get, null, null);
    // The same reading of the edge VirtualServices, as if they were the component's.
    var edge = Traffic.of("ams", service -> null, name -> all.get(name + "-edge"), null, null);
    var meshOnly = Traffic.of("ams", service -> null, virtualServices("")::get, null, null);
    for (String c : new String[] {"web", "api"}) {
      assertThat(edge.route(c)).isEqualTo(mesh.route(c)).isEqualTo(meshOnly.route(c));
      var route = edge.route(c).orElseThrow();
      assertThat(route.weights()).isEqualTo(Map.of("blue", 90, "green", 10));
      assertThat(route.headerSlot()).isEqualTo("green");
    }
  }
}
