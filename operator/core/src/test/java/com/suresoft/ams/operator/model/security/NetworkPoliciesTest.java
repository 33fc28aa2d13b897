package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.Cidr;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.testkit.network.NetworkPolicyEvaluator;
import com.suresoft.ams.testkit.network.NetworkPolicyEvaluator.Endpoint;
import com.suresoft.ams.testkit.network.NetworkPolicyEvaluator.Port;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies of an instance, evaluated as a network plugin would: every pair of endpoints
 * on every port they listen on, compared with the connections issue 5 asks for (and issue 15 for
 * the Jobs and the Gateway), written out here independently of the builder's list.
 */
class NetworkPoliciesTest {

  /** Who is on the network, with the ports they listen on. */
  private record Node(String name, Endpoint endpoint, List<Port> ports) {}

  private static Map<String, Node> nodes(InstanceModel m) {
    var nodes = new LinkedHashMap<String, Node>();
    var ns = m.namespace();
    for (Component c : Component.APP_TIER) {
      add(
          nodes,
          c.label(),
          Endpoint.pod(ns, Labels.of(m.name(), c, Slot.green, "1.0.0")),
          c == Component.WEB
              ? List.of(new Port(80, "http"))
              : c == Component.API ? List.of(new Port(4000, "http")) : List.of());
    }
    for (Component job :
        List.of(Component.MIGRATION, Component.SMOKE_CHECK, Component.BACKUP, Component.BUCKETS)) {
      add(nodes, job.label(), Endpoint.pod(ns, Labels.claim(m.name(), job)), List.of());
    }
    add(
        nodes,
        "postgres",
        Endpoint.pod(ns, Labels.of(m.name(), Component.POSTGRES, null)),
        List.of(new Port(5432, "postgres"), new Port(9187, "metrics")));
    add(
        nodes,
        "pgbouncer",
        Endpoint.pod(ns, Labels.of(m.name(), Component.PGBOUNCER, null)),
        List.of(new Port(5432, "pgbouncer"), new Port(9127, "metrics")));
    add(
        nodes,
        "redis",
        Endpoint.pod(ns, Labels.of(m.name(), Component.REDIS, null)),
        List.of(new Port(6379, "redis"), new Port(9121, "metrics")));
    add(
        nodes,
        "minio",
        Endpoint.pod(ns, Labels.of(m.name(), Component.MINIO, null)),
        List.of(new Port(9000, "api"), new Port(9001, "console")));
    add(
        nodes,
        "ingress-nginx",
        Endpoint.pod("ingress-nginx", Map.of(Labels.NAME, "ingress-nginx")),
        List.of(new Port(443, "https")));
    add(
        nodes,
        "gateway-proxy",
        Endpoint.pod("gateways", Map.of("gateway.networking.k8s.io/gateway-name", "edge")),
        List.of(new Port(443, "https")));
    add(
        nodes,
        "prometheus",
        Endpoint.pod("monitoring", Map.of(Labels.NAME, "prometheus")),
        List.of(new Port(9090, "web")));
    add(
        nodes,
        "kube-dns",
        Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns")),
        List.of(new Port(53, "dns-tcp")));
    // Neighbours that must get nothing: another pod of the namespace, another instance's API.
    add(
        nodes,
        "stranger",
        Endpoint.pod(ns, Map.of("app", "stranger")),
        List.of(new Port(8080, "http")));
    add(
        nodes,
        "other-api",
        Endpoint.pod(ns, Labels.of("other", Component.API, Slot.blue, "1.0.0")),
        List.of(new Port(4000, "http")));
    add(
        nodes,
        "internet",
        Endpoint.external(),
        List.of(new Port(443, "https"), new Port(5432, "pg")));
    // A tenant's pods wearing the shared pods' labels in their own namespace, and the cloud
    // metadata service (the node's credentials): none may get anything.
    add(
        nodes,
        "fake-ingress-nginx",
        Endpoint.pod("tenant", Map.of(Labels.NAME, "ingress-nginx")),
        List.of(new Port(443, "https")));
    add(
        nodes,
        "fake-prometheus",
        Endpoint.pod("tenant", Map.of(Labels.NAME, "prometheus")),
        List.of(new Port(9090, "web")));
    add(
        nodes,
        "metadata",
        Endpoint.external("169.254.169.254"),
        List.of(new Port(80, "http"), new Port(443, "https"), new Port(5432, "pg")));
    return nodes;
  }

  private static void add(Map<String, Node> nodes, String name, Endpoint e, List<Port> ports) {
    nodes.put(name, new Node(name, e, ports));
  }

  private static Set<String> allowedConnections(InstanceModel m) {
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), m.namespace());
    var nodes = nodes(m);
    var allowed = new TreeSet<String>();
    for (Node from : nodes.values()) {
      for (Node to : nodes.values()) {
        for (Port port : to.ports()) {
          if (evaluator.allowed(from.endpoint(), to.endpoint(), port)) {
            if (isOutsideTraffic(from, to)) {
              continue;
            }
            allowed.add(from.name() + " -> " + to.name() + ":" + port.number());
          }
        }
      }
    }
    return allowed;
  }

  /** Connections between endpoints that no policy of ours selects are not our business. */
  private static boolean isOutsideTraffic(Node from, Node to) {
    Set<String> unmanaged =
        Set.of(
            "ingress-nginx",
            "gateway-proxy",
            "prometheus",
            "kube-dns",
            "stranger",
            "other-api",
            "internet",
            "fake-ingress-nginx",
            "fake-prometheus",
            "metadata");
    return unmanaged.contains(from.name()) && unmanaged.contains(to.name());
  }

  @Test
  void productionAllowsExactlyTheStacksConnections() {
    var m = InstanceModel.of(TestInstances.sample("production"));
    var expected = new TreeSet<String>();
    expected.addAll(
        List.of(
            "ingress-nginx -> web:80",
            "ingress-nginx -> api:4000",
            "web -> api:4000",
            "prometheus -> api:4000",
            "prometheus -> postgres:9187",
            "prometheus -> pgbouncer:9127",
            "prometheus -> redis:9121",
            "pgbouncer -> postgres:5432",
            "postgres -> postgres:5432",
            "smoke-check -> api:4000",
            "backup -> postgres:5432",
            "backup -> minio:9000",
            "buckets -> minio:9000"));
    // The migration runs the API image with the API's environment, so it reaches what the API
    // reaches.
    for (String client : List.of("api", "worker", "migration")) {
      expected.add(client + " -> pgbouncer:5432");
      expected.add(client + " -> postgres:5432");
      expected.add(client + " -> redis:6379");
      expected.add(client + " -> minio:9000");
    }
    for (String pod :
        List.of(
            "web",
            "api",
            "worker",
            "migration",
            "smoke-check",
            "backup",
            "buckets",
            "postgres",
            "pgbouncer",
            "redis",
            "minio")) {
      expected.add(pod + " -> kube-dns:53");
    }
    // Traffic among unmanaged pods is not ours to judge; "stranger" and "other-api" get nothing
    // from us and reach none of ours.
    assertThat(allowedConnections(m)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void externalDatabaseOpensEgressOutOfTheClusterForItsClientsOnly() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Development
                version: "1.0.0"
                database:
                  mode: External
                  externalSecretName: db
                """));
    var allowed = allowedConnections(m);
    assertThat(allowed)
        .contains("api -> internet:5432", "worker -> internet:5432", "migration -> internet:5432")
        .noneMatch(c -> c.startsWith("web -> internet"))
        .noneMatch(c -> c.contains("-> postgres") || c.contains("-> pgbouncer"))
        // Without ranges: any address on PostgreSQL's port, never another port or link-local.
        .noneMatch(c -> c.contains("-> internet:") && !c.endsWith(":5432"))
        .noneMatch(c -> c.contains("-> metadata"));
    assertThat(NetworkPolicies.desired(m))
        .doesNotContainKeys("ams-postgres-netpol", "ams-pgbouncer-netpol");
  }

  @Test
  void externalObjectStorageOpensEgressOutOfTheClusterForItsClientsAndTheBackup() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Production
                version: "1.0.0"
                objectStorage: {mode: External, externalSecretName: s3}
                """));
    assertThat(allowedConnections(m))
        .contains(
            "api -> internet:443",
            "worker -> internet:443",
            "migration -> internet:443",
            "backup -> internet:443")
        .noneMatch(c -> c.startsWith("web -> internet") || c.startsWith("smoke-check -> internet"))
        .doesNotContain("buckets -> internet:443")
        .noneMatch(c -> c.contains("-> minio"))
        .noneMatch(c -> c.endsWith("-> internet:5432"))
        .noneMatch(c -> c.contains("-> metadata"));
  }

  @Test
  void externalEgressRangesAreTheOnlyOutsideAddressesAndPortsItsClientsReach() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Development
                version: "1.0.0"
                database:
                  mode: External
                  externalSecretName: db
                  externalEgress: [{cidr: 10.20.0.0/16, ports: [6432]}, {cidr: "2001:db8::/32"}]
                objectStorage:
                  mode: External
                  externalSecretName: s3
                  externalEgress: [{cidr: 0.0.0.0/0, ports: [9000]}]
                """));
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), "ams");
    var api = Endpoint.pod("ams", Labels.of("ams", Component.API, Slot.blue, "1.0.0"));
    var web = Endpoint.pod("ams", Labels.of("ams", Component.WEB, Slot.blue, "1.0.0"));
    var pgbouncer = new Port(6432, null);
    assertThat(evaluator.allowed(api, Endpoint.external("10.20.3.4"), pgbouncer)).isTrue();
    assertThat(evaluator.allowed(api, Endpoint.external("10.20.3.4"), new Port(5432, null)))
        .isFalse();
    assertThat(evaluator.allowed(api, Endpoint.external("10.21.0.1"), pgbouncer)).isFalse();
    assertThat(evaluator.allowed(web, Endpoint.external("10.20.3.4"), pgbouncer)).isFalse();
    // A range without ports gets the mode's port.
    assertThat(evaluator.allowed(api, Endpoint.external("2001:db8::5"), new Port(5432, null)))
        .isTrue();
    // The object store's range is everything, yet the metadata service stays out of it.
    var s3 = new Port(9000, null);
    assertThat(evaluator.allowed(api, Endpoint.external("198.51.100.7"), s3)).isTrue();
    assertThat(evaluator.allowed(api, Endpoint.external("169.254.169.254"), s3)).isFalse();
    assertThat(evaluator.allowed(api, Endpoint.external("169.254.169.254"), new Port(80, null)))
        .isFalse();
    assertThat(evaluator.allowed(api, Endpoint.external("fe80::1"), new Port(5432, null)))
        .isFalse();
  }

  @Test
  void noEmittedIpBlockIsOpenOnEveryPortOrIncludesLinkLocalAddresses() {
    for (String spec :
        List.of(
            "{tier: Staging, version: '1', database: {mode: External, externalSecretName: d},"
                + " objectStorage: {mode: External, externalSecretName: s}}",
            "{tier: Staging, version: '1', database: {mode: External, externalSecretName: d,"
                + " externalEgress: [{cidr: 0.0.0.0/0}, {cidr: '::/0'}, {cidr: 10.0.0.0/8}]}}")) {
      var policies = NetworkPolicies.desired(InstanceModel.of(TestInstances.withSpec("ams", spec)));
      var blocks = 0;
      for (var policy : policies.values()) {
        for (var rule : policy.getSpec().getEgress()) {
          for (var peer : rule.getTo()) {
            if (peer.getIpBlock() == null) {
              continue;
            }
            blocks++;
            assertThat(rule.getPorts()).as(policy.getMetadata().getName()).isNotEmpty();
            var cidr = Cidr.parse(peer.getIpBlock().getCidr());
            for (Cidr linkLocal : Cidr.LINK_LOCAL) {
              if (cidr.contains(linkLocal)) {
                assertThat(peer.getIpBlock().getExcept()).contains(linkLocal.toString());
              }
            }
          }
        }
      }
      assertThat(blocks).as(spec).isPositive();
    }
  }

  @Test
  void sharedPodsAreAdmittedInTheirConfiguredNamespacesOnlyNotByTheirLabelsAlone() {
    var platform =
        new Platform(
            AllowList.anything(),
            AllowList.anything(),
            AllowList.anything(),
            AllowList.anything(),
            AllowList.anything(),
            AllowList.anything(),
            List.of("edge-system", "edge-backup"),
            List.of("observability"));
    var m = InstanceModel.of(TestInstances.sample("production"), platform);
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), "ams");
    var api = Endpoint.pod("ams", Labels.of("ams", Component.API, Slot.blue, "1.0.0"));
    var port = new Port(4000, "http");
    var controller = Map.of(Labels.NAME, "ingress-nginx");
    var prometheus = Map.of(Labels.NAME, "prometheus");
    assertThat(evaluator.allowed(Endpoint.pod("edge-system", controller), api, port)).isTrue();
    assertThat(evaluator.allowed(Endpoint.pod("edge-backup", controller), api, port)).isTrue();
    assertThat(evaluator.allowed(Endpoint.pod("observability", prometheus), api, port)).isTrue();
    // The defaults' namespaces are not admitted once the platform names others.
    assertThat(evaluator.allowed(Endpoint.pod("ingress-nginx", controller), api, port)).isFalse();
    assertThat(evaluator.allowed(Endpoint.pod("monitoring", prometheus), api, port)).isFalse();
    // The right namespace is not enough either: the pod must be the controller or Prometheus.
    assertThat(evaluator.allowed(Endpoint.pod("edge-system", prometheus), api, port)).isFalse();
    assertThat(evaluator.allowed(Endpoint.pod("observability", Map.of()), api, port)).isFalse();
    // A tenant's pod with the labels, in the tenant's namespace or in the instance's own.
    assertThat(evaluator.allowed(Endpoint.pod("tenant", controller), api, port)).isFalse();
    assertThat(evaluator.allowed(Endpoint.pod("ams", controller), api, port)).isFalse();
    assertThat(evaluator.allowed(Endpoint.pod("ams", prometheus), api, port)).isFalse();
  }

  @Test
  void gatewayParentRefsAdmitTheirNamespacesToWebAndApiInsteadOfIngressNginx() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Production
                version: "1.0.0"
                ingress:
                  host: ams.example.com
                  gateway: {parentRefs: [{name: edge, namespace: gateways}]}
                """));
    assertThat(allowedConnections(m))
        .contains("gateway-proxy -> web:80", "gateway-proxy -> api:4000")
        .noneMatch(c -> c.startsWith("ingress-nginx ->"))
        .noneMatch(c -> c.startsWith("gateway-proxy -> ") && !c.matches(".* -> (web:80|api:4000)"));
  }

  @Test
  void aParentRefWithoutNamespaceMeansTheInstancesNamespace() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Development
                version: "1.0.0"
                ingress:
                  host: ams.example.com
                  gateway: {parentRefs: [{name: edge}, {name: other, namespace: gw}]}
                """));
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), "ams");
    var web = Endpoint.pod("ams", Labels.of("ams", Component.WEB, Slot.blue, "1.0.0"));
    var http = new Port(80, "http");
    assertThat(evaluator.allowed(Endpoint.pod("ams", Map.of("proxy", "edge")), web, http)).isTrue();
    assertThat(evaluator.allowed(Endpoint.pod("gw", Map.of("proxy", "other")), web, http)).isTrue();
    assertThat(evaluator.allowed(Endpoint.pod("elsewhere", Map.of()), web, http)).isFalse();
  }

  @Test
  void anIstioCanaryBoundToIstioGatewaysAdmitsTheirPodsBesideTheIngressController() {
    var m =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Production
                version: "1.0.0"
                ingress: {host: ams.example.com}
                release:
                  strategy: Canary
                  canary:
                    trafficRouter: Istio
                    istio: {gateways: [istio-system/public, edge/internal]}
                """));
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), "ams");
    var api = Endpoint.pod("ams", Labels.of("ams", Component.API, Slot.blue, "1.0.0"));
    var port = new Port(4000, "http");
    var istioGateway = Map.of("istio", "ingressgateway");
    assertThat(evaluator.allowed(Endpoint.pod("istio-system", istioGateway), api, port)).isTrue();
    assertThat(evaluator.allowed(Endpoint.pod("edge", istioGateway), api, port)).isTrue();
    assertThat(evaluator.allowed(Endpoint.pod("elsewhere", istioGateway), api, port)).isFalse();
    // The Ingress still publishes the instance, so its controller stays admitted.
    assertThat(
            evaluator.allowed(
                Endpoint.pod("ingress-nginx", NetworkPolicies.INGRESS_CONTROLLER_PODS), api, port))
        .isTrue();
    // Without the gateways (mesh-only split) nothing but the ingress controller is the edge.
    var meshOnly =
        new NetworkPolicyEvaluator(
            NetworkPolicies.desired(InstanceModel.of(TestInstances.sample("release-canary-nginx")))
                .values(),
            "ams");
    assertThat(meshOnly.allowed(Endpoint.pod("istio-system", istioGateway), api, port)).isFalse();
  }

  @Test
  void cloudNativePgClientsReachItsPodsByCnpgLabelsNotAnyAddress() {
    var m = InstanceModel.of(TestInstances.sample("production-cloudnativepg"));
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), "ams");
    var pg = new Port(5432, "postgresql");
    var instance = Endpoint.pod("ams", Map.of(NetworkPolicies.CNPG_CLUSTER_LABEL, "ams-postgres"));
    var otherCluster = Endpoint.pod("ams", Map.of(NetworkPolicies.CNPG_CLUSTER_LABEL, "other"));
    for (Component client : List.of(Component.API, Component.WORKER, Component.MIGRATION)) {
      var from = Endpoint.pod("ams", Labels.claim("ams", client));
      assertThat(evaluator.allowed(from, instance, pg)).as(client.label()).isTrue();
      assertThat(evaluator.allowed(from, otherCluster, pg)).as(client.label()).isFalse();
      assertThat(evaluator.allowed(from, Endpoint.external(), pg)).as(client.label()).isFalse();
    }
    var web = Endpoint.pod("ams", Labels.claim("ams", Component.WEB));
    assertThat(evaluator.allowed(web, instance, pg)).isFalse();
  }

  @Test
  void defaultDenySelectsEveryPodOfTheInstanceInBothDirections() {
    var m = InstanceModel.of(TestInstances.sample("local"));
    var deny = NetworkPolicies.desired(m).get("ams-default-deny");
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    assertThat(deny.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(Labels.NAME, "ams", Labels.INSTANCE, "ams"));
    var names = new ArrayList<>(NetworkPolicies.desired(m).keySet());
    assertThat(names)
        .contains("ams-allow-dns", "ams-web-netpol", "ams-api-netpol", "ams-redis-netpol");
  }
}
