package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppContainers;
import com.suresoft.ams.operator.model.monitoring.ScrapeTarget;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetworkPolicies of an instance: {@code <name>-default-deny} selects every pod of the instance and
 * allows nothing, {@code <name>-allow-dns} lets them resolve names, and one {@code
 * <name>-<component>-netpol} per component opens exactly the {@link #edges edges} of the stack (the
 * ingress controller to web and API, web to API, API, worker and migration to the data tier,
 * PgBouncer and replicas to PostgreSQL, Prometheus to the metrics ports). Policies are additive, so
 * each connection is opened on both sides: egress at the client, ingress at the server.
 *
 * <p>Peers outside the instance are matched by the labels their standard installations put on their
 * pods, in any namespace: {@code app.kubernetes.io/name: ingress-nginx} (the ingress-nginx Helm
 * chart and manifests) and {@code app.kubernetes.io/name: prometheus} (pods created by the
 * Prometheus Operator). Matching a namespace by name instead would silently cut traffic wherever
 * those were installed elsewhere than assumed; web and API are public through the Ingress anyway,
 * and Prometheus only reaches metrics ports.
 */
public final class NetworkPolicies {
  /** Ports the data tier listens on (the Services' target ports). */
  public static final int POSTGRES_PORT = 5432;

  public static final int PGBOUNCER_PORT = 5432;
  public static final int REDIS_PORT = 6379;
  public static final int MINIO_PORT = 9000;
  public static final int DNS_PORT = 53;

  static final Map<String, String> INGRESS_CONTROLLER_PODS = Map.of(Labels.NAME, "ingress-nginx");
  static final Map<String, String> PROMETHEUS_PODS = Map.of(Labels.NAME, "prometheus");
  static final Map<String, String> DNS_NAMESPACE =
      Map.of("kubernetes.io/metadata.name", "kube-system");
  static final Map<String, String> DNS_PODS = Map.of("k8s-app", "kube-dns");

  /** Who may open a connection: a component of this instance or a peer outside it. */
  public sealed interface Peer {}

  public record Pods(Component component) implements Peer {}

  public enum Outside implements Peer {
    INGRESS_CONTROLLER,
    PROMETHEUS,
    /** Anywhere outside the cluster's pods: an External database or object store. */
    ANYWHERE
  }

  /** A port by number or by container port name. */
  public record Port(Integer number, String name) {
    static Port of(int number) {
      return new Port(number, null);
    }

    static Port named(String name) {
      return new Port(null, name);
    }

    IntOrString value() {
      return number != null ? new IntOrString(number) : new IntOrString(name);
    }
  }

  /** One allowed connection; {@code to} is null for a destination outside the instance. */
  public record Edge(Peer from, Peer to, Port port) {}

  private NetworkPolicies() {}

  /** Every connection the stack needs, and nothing else. */
  public static List<Edge> edges(InstanceModel m) {
    var spec = m.spec();
    boolean managedDb = spec.getDatabase().getMode() == DatabaseMode.Managed;
    boolean pooler = managedDb && spec.getDatabase().getPooler().getEnabled();
    boolean managedMinio = spec.getObjectStorage().getMode() == ObjectStorageMode.Managed;
    var api = new Pods(Component.API);
    var web = new Pods(Component.WEB);
    var edges = new ArrayList<Edge>();
    edges.add(new Edge(Outside.INGRESS_CONTROLLER, web, Port.of(AppContainers.WEB_PORT)));
    edges.add(new Edge(Outside.INGRESS_CONTROLLER, api, Port.of(AppContainers.API_PORT)));
    edges.add(new Edge(web, api, Port.of(AppContainers.API_PORT)));
    // The migration Job runs the API image against the database before every release.
    var dbClients = List.of(api, new Pods(Component.WORKER), new Pods(Component.MIGRATION));
    for (Pods client : dbClients) {
      if (pooler) {
        edges.add(new Edge(client, new Pods(Component.PGBOUNCER), Port.of(PGBOUNCER_PORT)));
      }
      if (managedDb) {
        edges.add(new Edge(client, new Pods(Component.POSTGRES), Port.of(POSTGRES_PORT)));
      }
    }
    for (Pods client : dbClients.subList(0, 2)) {
      edges.add(new Edge(client, new Pods(Component.REDIS), Port.of(REDIS_PORT)));
      if (managedMinio) {
        edges.add(new Edge(client, new Pods(Component.MINIO), Port.of(MINIO_PORT)));
      }
    }
    if (!managedDb || !managedMinio) {
      // An External database or object store is at an address the operator cannot know.
      for (Pods client : managedDb ? dbClients.subList(0, 2) : dbClients) {
        edges.add(new Edge(client, Outside.ANYWHERE, null));
      }
    }
    if (pooler) {
      edges.add(
          new Edge(
              new Pods(Component.PGBOUNCER), new Pods(Component.POSTGRES), Port.of(POSTGRES_PORT)));
    }
    if (managedDb) {
      // Streaming replicas connect to the primary; all are pods of the one StatefulSet.
      edges.add(
          new Edge(
              new Pods(Component.POSTGRES), new Pods(Component.POSTGRES), Port.of(POSTGRES_PORT)));
    }
    for (ScrapeTarget target : ScrapeTarget.of(m)) {
      Port port =
          target.component() == Component.API
              ? Port.of(AppContainers.API_PORT)
              : Port.named(ScrapeTarget.METRICS_PORT);
      edges.add(new Edge(Outside.PROMETHEUS, new Pods(target.component()), port));
    }
    return edges;
  }

  /** The NetworkPolicies by name. */
  public static Map<String, NetworkPolicy> desired(InstanceModel m) {
    var policies = new LinkedHashMap<String, NetworkPolicy>();
    put(policies, defaultDeny(m));
    put(policies, dns(m));
    var edges = edges(m);
    Set<Component> components = new LinkedHashSet<>();
    for (Edge e : edges) {
      if (e.from() instanceof Pods p) {
        components.add(p.component());
      }
      if (e.to() instanceof Pods p) {
        components.add(p.component());
      }
    }
    for (Component c : components) {
      put(policies, component(m, c, edges));
    }
    return policies;
  }

  private static void put(Map<String, NetworkPolicy> policies, NetworkPolicy p) {
    policies.put(p.getMetadata().getName(), p);
  }

  /** Every pod of the instance: the labels all its pods carry. */
  private static Map<String, String> instancePods(InstanceModel m) {
    return Map.of(Labels.NAME, Labels.APP_NAME, Labels.INSTANCE, m.name());
  }

  private static NetworkPolicy defaultDeny(InstanceModel m) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(m.names().defaultDenyPolicy())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.NETWORK, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(instancePods(m))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  private static NetworkPolicy dns(InstanceModel m) {
    var dnsPeer =
        new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector()
            .withMatchLabels(DNS_NAMESPACE)
            .endNamespaceSelector()
            .withNewPodSelector()
            .withMatchLabels(DNS_PODS)
            .endPodSelector()
            .build();
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(m.names().dnsPolicy())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.NETWORK, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(instancePods(m))
        .endPodSelector()
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(dnsPeer)
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("UDP")
                .withPort(new IntOrString(DNS_PORT))
                .build(),
            new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(DNS_PORT))
                .build())
        .endEgress()
        .endSpec()
        .build();
  }

  private static NetworkPolicy component(InstanceModel m, Component c, List<Edge> edges) {
    var ingress = new ArrayList<NetworkPolicyIngressRule>();
    var egress = new ArrayList<NetworkPolicyEgressRule>();
    var self = new Pods(c);
    for (Edge e : edges) {
      if (self.equals(e.to())) {
        ingress.add(
            new NetworkPolicyIngressRuleBuilder()
                .withFrom(peers(m, e.from()))
                .withPorts(ports(e.port()))
                .build());
      }
      if (self.equals(e.from())) {
        egress.add(
            new NetworkPolicyEgressRuleBuilder()
                .withTo(peers(m, e.to()))
                .withPorts(ports(e.port()))
                .build());
      }
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(m.names().networkPolicy(c))
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(selector(Labels.selector(m.name(), c)))
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  private static List<NetworkPolicyPort> ports(Port port) {
    if (port == null) {
      return List.of();
    }
    return List.of(
        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(port.value()).build());
  }

  private static List<NetworkPolicyPeer> peers(InstanceModel m, Peer peer) {
    if (peer instanceof Pods p) {
      // No namespace selector: a pod selector alone means pods of the policy's own namespace.
      return List.of(
          new NetworkPolicyPeerBuilder()
              .withPodSelector(selector(Labels.selector(m.name(), p.component())))
              .build());
    }
    return switch ((Outside) peer) {
      case INGRESS_CONTROLLER -> List.of(anyNamespace(INGRESS_CONTROLLER_PODS));
      case PROMETHEUS -> List.of(anyNamespace(PROMETHEUS_PODS));
      case ANYWHERE -> List.of(cidr("0.0.0.0/0"), cidr("::/0"));
    };
  }

  private static NetworkPolicyPeer cidr(String cidr) {
    return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build();
  }

  private static NetworkPolicyPeer anyNamespace(Map<String, String> podLabels) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelector())
        .withPodSelector(selector(podLabels))
        .build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
