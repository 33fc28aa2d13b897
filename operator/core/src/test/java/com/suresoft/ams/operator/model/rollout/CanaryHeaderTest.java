package com.suresoft.ams.operator.model.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppHttpRoute;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The canary header's value: a token per instance unless the spec sets one, the same in every
 * router's objects, and shown in {@code status.release}.
 */
class CanaryHeaderTest {

  private static final RoutingIntent CANARY_10 =
      new RoutingIntent(Slot.blue, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Nginx);

  private static AmsInstance instance(String sample, String uid) {
    var instance = TestInstances.sample(sample);
    instance.getMetadata().setUid(uid);
    return instance;
  }

  private static String nginxValue(InstanceModel m) {
    return NginxCanaryIngress.desired(m, CANARY_10)
        .orElseThrow()
        .getMetadata()
        .getAnnotations()
        .get(NginxCanaryIngress.CANARY_BY_HEADER_VALUE);
  }

  @Test
  void eachInstanceGetsItsOwnUnguessableValueAndKeepsIt() {
    var values = new HashSet<String>();
    for (int i = 0; i < 20; i++) {
      var m = InstanceModel.of(instance("release-canary-nginx", UUID.randomUUID().toString()));
      String value = nginxValue(m);
      assertThat(value).doesNotContainIgnoringCase("true").hasSizeGreaterThanOrEqualTo(22);
      values.add(value);
    }
    assertThat(values).hasSize(20);
    String uid = UUID.randomUUID().toString();
    assertThat(nginxValue(InstanceModel.of(instance("release-canary-nginx", uid))))
        .isEqualTo(nginxValue(InstanceModel.of(instance("release-canary-nginx", uid))));
  }

  @Test
  void everyRouterMatchesTheSameValueAndStatusShowsIt() throws Exception {
    String uid = UUID.randomUUID().toString();
    var nginx = InstanceModel.of(instance("release-canary-nginx", uid));
    String value = nginxValue(nginx);
    var istio = InstanceModel.of(instance("release-canary-istio", uid));
    var json = new KubernetesSerialization();
    assertThat(
            json.asJson(
                IstioRouting.virtualServices(
                    istio,
                    new RoutingIntent(
                        null, null, Slot.blue, Slot.green, 10, true, TrafficRouter.Istio),
                    "networking.istio.io/v1")))
        .contains("\"exact\":\"" + value + "\"");
    var gateway = InstanceModel.of(instance("release-canary-gateway-api", uid));
    assertThat(
            json.asJson(
                AppHttpRoute.desired(
                        gateway,
                        new RoutingIntent(
                            Slot.blue,
                            null,
                            Slot.blue,
                            Slot.green,
                            10,
                            true,
                            TrafficRouter.GatewayAPI))
                    .orElseThrow()))
        .contains("\"value\":\"" + value + "\"");
    assertThat(ReleasePlanner.steady(nginx, Slot.blue).status().getCanaryHeader())
        .isEqualTo(nginx.spec().getRelease().getCanary().getHeaderRoute().getName() + ": " + value);
    // Only the Canary strategy has a header to show.
    assertThat(
            ReleasePlanner.steady(InstanceModel.of(instance("production", uid)), Slot.blue)
                .status()
                .getCanaryHeader())
        .isNull();
  }

  @Test
  void aValueSetInTheSpecWins() {
    var instance = instance("release-canary-nginx", UUID.randomUUID().toString());
    var header = new com.suresoft.ams.operator.api.v1alpha1.spec.HeaderRoute();
    header.setName("x-canary");
    header.setValue("team-secret");
    instance.getSpec().getRelease().getCanary().setHeaderRoute(header);
    var annotations =
        NginxCanaryIngress.desired(InstanceModel.of(instance), CANARY_10)
            .orElseThrow()
            .getMetadata()
            .getAnnotations();
    assertThat(annotations)
        .containsAllEntriesOf(
            Map.of(
                NginxCanaryIngress.CANARY_BY_HEADER, "x-canary",
                NginxCanaryIngress.CANARY_BY_HEADER_VALUE, "team-secret"));
  }
}
