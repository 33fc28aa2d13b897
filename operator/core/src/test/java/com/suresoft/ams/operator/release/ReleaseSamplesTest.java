package com.suresoft.ams.operator.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.rollout.IstioRouting;
import com.suresoft.ams.operator.validation.OfflineValidator;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The release samples pass the operator's validation and the CRD's CEL rules. */
class ReleaseSamplesTest {

  @ParameterizedTest
  @CsvSource({
    "release-canary-istio, Canary, Istio",
    "release-canary-nginx, Canary, Nginx",
    "release-canary-gateway-api, Canary, GatewayAPI",
    "release-blue-green, BlueGreen, ",
    "quickstart, Canary, Nginx",
  })
  void sampleIsValidAndUsesItsStrategy(
      String sample, ReleaseStrategy strategy, TrafficRouter router) {
    var instance = TestInstances.sample(sample);
    // Valid under the chart's default platform, which lists the samples' Prometheus.
    assertThat(new SpecValidator(TestPlatforms.CHART_DEFAULTS).validate(instance)).isEmpty();
    var json = new KubernetesSerialization().convertValue(instance, JsonNode.class);
    assertThat(OfflineValidator.amsInstanceCelRules().validate(json)).isEmpty();
    var release = InstanceModel.of(instance).spec().getRelease();
    assertThat(release.getStrategy()).isEqualTo(strategy);
    if (router != null) {
      assertThat(release.getCanary().getTrafficRouter()).isEqualTo(router);
    }
    if (router == TrafficRouter.Istio) {
      // The Istio sample splits edge traffic too: its VirtualServices bind a gateway.
      assertThat(IstioRouting.EdgeBinding.of(InstanceModel.of(instance)))
          .hasValueSatisfying(e -> assertThat(e.gateways()).isNotEmpty());
    }
  }
}
