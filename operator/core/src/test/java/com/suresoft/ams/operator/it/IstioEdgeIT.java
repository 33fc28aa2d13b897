package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Istio canary with {@code istio.gateways}: the operator applies the edge VirtualServices next
 * to the mesh ones, says so in {@code EdgeTrafficSplit}, and deletes them when the gateways go.
 */
class IstioEdgeIT {
  private static final String NS = OperatorHarness.NAMESPACE;

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start(Duration.ofMillis(500));
    for (String[] kind :
        new String[][] {
          {"VirtualService", "virtualservices"}, {"DestinationRule", "destinationrules"}
        }) {
      harness
          .server()
          .installCrd(
              EmbeddedApiServer.minimalCrdServing(
                  "networking.istio.io", kind[0], kind[1], "v1", "v1beta1"));
    }
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void gatewaysGetEdgeVirtualServicesThatGoWithThem() {
    harness.create(
        TestInstances.withSpec(
            "ams",
            """
            tier: Local
            version: "1.0.0"
            ingress: {enabled: true, host: ams.example.com}
            release:
              strategy: Canary
              canary: {trafficRouter: Istio, istio: {gateways: [istio-system/public]}}
            """));
    await().atMost(Duration.ofSeconds(30)).until(() -> virtualService("ams-api-edge") != null);
    var edge = virtualService("ams-api-edge").getSpec();
    assertThat(edge.getGateways()).containsExactly("istio-system/public");
    assertThat(edge.getHosts()).containsExactly("ams.example.com");
    assertThat(virtualService("ams-web-edge")).isNotNull();
    assertThat(virtualService("ams-api").getSpec().getGateways()).isNullOrEmpty();
    assertThat(awaitCondition("EdgeTrafficSplit", "True").getReason()).isEqualTo("IstioGateways");

    harness.edit(
        "ams",
        i -> {
          i.getSpec().getRelease().getCanary().setIstio(null);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> virtualService("ams-api-edge") == null && virtualService("ams-web-edge") == null);
    assertThat(virtualService("ams-api")).isNotNull();
    assertThat(awaitCondition("EdgeTrafficSplit", "False").getReason()).isEqualTo("MeshOnly");
  }

  private VirtualService virtualService(String name) {
    return harness.user().resources(VirtualService.class).inNamespace(NS).withName(name).get();
  }

  private Condition awaitCondition(String type, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> condition(type).map(c -> status.equals(c.getStatus())).orElse(false));
    return condition(type).orElseThrow();
  }

  private Optional<Condition> condition(String type) {
    var i = harness.user().resources(AmsInstance.class).inNamespace(NS).withName("ams").get();
    return i == null || i.getStatus() == null
        ? Optional.empty()
        : Conditions.find(i.getStatus().getConditions(), type);
  }
}
