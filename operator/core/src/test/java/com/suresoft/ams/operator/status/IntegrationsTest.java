package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.status.Observation.Integration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntegrationsTest {
  private final InstanceModel production = InstanceModel.of(TestInstances.sample("production"));

  private static Integration find(List<Integration> list, String type) {
    return list.stream().filter(i -> i.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void missingPrometheusOperatorCrdsMakeMonitoringFalseAndAskForAnotherLook() {
    var result = Integrations.of(production, ServedVersions.none());
    var monitoring = find(result, Integrations.MONITORING);
    assertThat(monitoring.status()).isFalse();
    assertThat(monitoring.reason()).isEqualTo("CRDNotInstalled");
    assertThat(monitoring.message())
        .contains("servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com");
    assertThat(find(result, Integrations.SECRETS).status()).isTrue();
    assertThat(Integrations.waitingForCrd(result)).isTrue();

    var installed =
        Integrations.of(
            production,
            ServedVersions.installed(
                EnumSet.of(OptionalCrd.SERVICE_MONITOR, OptionalCrd.PROMETHEUS_RULE)));
    assertThat(find(installed, Integrations.MONITORING).status()).isTrue();
    assertThat(Integrations.waitingForCrd(installed)).isFalse();
  }

  @Test
  void localAsksForNoMonitoringSoNeedsNoCrd() {
    var result =
        Integrations.of(InstanceModel.of(TestInstances.sample("local")), ServedVersions.none());
    assertThat(find(result, Integrations.MONITORING).reason()).isEqualTo("NotRequested");
    assertThat(Integrations.waitingForCrd(result)).isFalse();
  }

  @Test
  void externalSecretsWithoutEsoSaysSo() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Local
                version: "1.0.0"
                secrets:
                  provider: ExternalSecrets
                  externalSecrets:
                    secretStoreRef:
                      name: vault-backend
                """));
    var secrets = find(Integrations.of(m, ServedVersions.none()), Integrations.SECRETS);
    assertThat(secrets.status()).isFalse();
    assertThat(secrets.message()).contains("externalsecrets.external-secrets.io", "vault-backend");
    assertThat(
            find(
                    Integrations.of(
                        m, ServedVersions.installed(EnumSet.of(OptionalCrd.EXTERNAL_SECRET))),
                    Integrations.SECRETS)
                .status())
        .isTrue();
  }

  @Test
  void aGatewayEdgeWithoutTheHttpRouteCrdNamesItInTheRoutingCondition() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Local
                version: "1.0.0"
                ingress:
                  host: ams.example.com
                  gateway: {parentRefs: [{name: public-gateway, namespace: gateway-system}]}
                """));
    var missing = find(Integrations.of(m, ServedVersions.none()), Integrations.ROUTING);
    assertThat(missing.status()).isFalse();
    assertThat(missing.reason()).isEqualTo(Reasons.CRD_NOT_INSTALLED);
    assertThat(missing.message())
        .contains("httproutes.gateway.networking.k8s.io", "ams-route", "not published");
    assertThat(Integrations.waitingForCrd(Integrations.of(m, ServedVersions.none()))).isTrue();

    var installed =
        find(
            Integrations.of(m, ServedVersions.installed(EnumSet.of(OptionalCrd.HTTP_ROUTE))),
            Integrations.ROUTING);
    assertThat(installed.status()).isTrue();
    assertThat(installed.message()).contains("published by HTTPRoute ams-route");
    // Without a gateway the CRD is not needed.
    assertThat(
            find(Integrations.of(production, ServedVersions.none()), Integrations.ROUTING).status())
        .isTrue();
  }

  @Test
  void integrationsBecomeConditionsBesideReady() {
    var instance = TestInstances.sample("production");
    instance.getMetadata().setGeneration(1L);
    var seen =
        new Observation(
            List.of(),
            false,
            Map.of(),
            Integrations.of(production, ServedVersions.none()),
            List.of(),
            null,
            null);
    var status = StatusAggregator.aggregate(instance, seen, Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(Conditions.find(status.getConditions(), "Monitoring").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(Conditions.find(status.getConditions(), "Secrets").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(Conditions.find(status.getConditions(), Conditions.READY)).isPresent();
  }

  private static InstanceModel istioCanary(String canary, String ingress) {
    return InstanceModel.of(
        TestInstances.withSpec(
            "ams",
            """
            tier: Development
            version: "1.0.0"
            ingress: %s
            release: {strategy: Canary, canary: %s}
            """
                .formatted(ingress, canary)));
  }

  @Test
  void istioCanaryWithoutGatewaysSaysOnlyMeshTrafficIsSplit() {
    var m = istioCanary("{trafficRouter: Istio}", "{enabled: true, host: ams.example.com}");
    var edge =
        find(
            Integrations.of(m, ServedVersions.installed(Set.of(OptionalCrd.ISTIO))),
            Integrations.EDGE_TRAFFIC_SPLIT);
    assertThat(edge.status()).isFalse();
    assertThat(edge.reason()).isEqualTo("MeshOnly");
    assertThat(edge.message())
        .contains("spec.release.canary.istio.gateways", "only traffic inside");
    // Not a missing CRD: nothing to look for again.
    assertThat(
            Integrations.waitingForCrd(
                Integrations.of(m, ServedVersions.installed(Set.of(OptionalCrd.ISTIO)))))
        .isFalse();
  }

  @Test
  void istioCanaryWithGatewaysAndAHostSplitsEdgeTrafficToo() {
    var m =
        istioCanary(
            "{trafficRouter: Istio, istio: {gateways: [istio-system/public]}}",
            "{enabled: true, host: ams.example.com}");
    var edge =
        find(
            Integrations.of(m, ServedVersions.installed(Set.of(OptionalCrd.ISTIO))),
            Integrations.EDGE_TRAFFIC_SPLIT);
    assertThat(edge.status()).isTrue();
    assertThat(edge.reason()).isEqualTo("IstioGateways");
    assertThat(edge.message()).contains("ams.example.com", "istio-system/public");
  }

  @Test
  void istioGatewaysWithoutAnIngressHostSayWhatIsMissing() {
    var m =
        istioCanary(
            "{trafficRouter: Istio, istio: {gateways: [istio-system/public]}}", "{enabled: false}");
    var edge =
        find(
            Integrations.of(m, ServedVersions.installed(Set.of(OptionalCrd.ISTIO))),
            Integrations.EDGE_TRAFFIC_SPLIT);
    assertThat(edge.status()).isFalse();
    assertThat(edge.reason()).isEqualTo("MeshOnly");
    assertThat(edge.message()).contains("needs spec.ingress.host");
  }

  @Test
  void otherRoutersRouteEveryClientAlikeSoTheConditionIsTrue() {
    var nginx = istioCanary("{trafficRouter: Nginx}", "{enabled: true, host: ams.example.com}");
    var edge = find(Integrations.of(nginx, ServedVersions.none()), Integrations.EDGE_TRAFFIC_SPLIT);
    assertThat(edge.status()).isTrue();
    assertThat(edge.message()).contains("Nginx");
    assertThat(
            find(
                    Integrations.of(production, ServedVersions.none()),
                    Integrations.EDGE_TRAFFIC_SPLIT)
                .status())
        .isTrue();
  }
}
