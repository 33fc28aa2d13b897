package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.GatewayParentRef;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppContainers;
import com.suresoft.ams.operator.model.data.ObjectStorage;
import com.suresoft.ams.operator.model.monitoring.ScrapeTarget;
import com.suresoft.ams.operator.model.release.IstioRouting;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * NetworkPolicies of an instance: {@code <name>-default-deny} selects every pod of the instance and
 * allows nothing, {@code <name>-allow-dns} lets them resolve names, and one {@code
 * <name>-<component>-netpol} per component opens exactly the {@link #edges edges} of the stack,
 * Jobs and CronJobs included (the edge proxies to web and API, web and the smoke check to API; API,
 * worker and migration to the data tier; the backup to PostgreSQL and MinIO, the bucket Job to
 * MinIO; PgBouncer and replicas to PostgreSQL; Prometheus to the metrics ports). Policies are
 * additive, so each connection is opened on both sides: egress at the client, ingress at the
 * server. {@link PodConnections} derives from every rendered pod what it is configured to reach,
 * and the tests check these policies allow exactly that.
 *
 * <p>Peers outside the instance are matched by the labels their standard installations put on their
 * pods, in any namespace: {@code app.kubernetes.io/name: ingress-nginx} (the ingress-nginx Helm
 * chart and manifests) and {@code app.kubernetes.io/name: prometheus} (pods created by the
 * Prometheus Operator). Matching a namespace by name instead would silently cut traffic wherever
 * those were installed elsewhere than assumed; web and API are public through the Ingress anyway,
 * and Prometheus only reaches metrics ports. Gateway API is the exception, see {@link
 * #edgeProxies}.
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

  /** Set by the API server on every namespace: its name. */
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  static final Map<String, String> DNS_NAMESPACE = Map.of(NAMESPACE_NAME, "kube-system");
  static final Map<String, String> DNS_PODS = Map.of("k8s-app", "kube-dns");

  /** Labels CloudNativePG puts on a Cluster's instance pods and on a Pooler's pods. */
  public static final String CNPG_CLUSTER_LABEL = "cnpg.io/cluster";

  public static final String CNPG_POOLER_LABEL = "cnpg.io/poolerName";

  /** Who may open a connection: a component of this instance or a peer outside it. */
  public sealed interface Peer {}

  public record Pods(Component component) implements Peer {}

  /**
   * Pods of the instance's namespace that another controller creates and labels (CloudNativePG's
   * instances and poolers), selected by those labels.
   */
  public record ForeignPods(Map<String, String> labels) implements Peer {}

  /** Every pod of these namespaces: the data planes of the instance's Gateways. */
  public record GatewayNamespaces(List<String> namespaces) implements Peer {}

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

  /** One allowed connection; {@code port} is null for every port (an outside address). */
  public record Edge(Peer from, Peer to, Port port) {}

  private NetworkPolicies() {}

  /** Every connection the stack needs, and nothing else. */
  public static List<Edge> edges(InstanceModel m) {
    var spec = m.spec();
    boolean managedDb = spec.getDatabase().getMode() == DatabaseMode.Managed;
    boolean pooler = managedDb && spec.getDatabase().getPooler().getEnabled();
    boolean cnpg = spec.getDatabase().getMode() == DatabaseMode.CloudNativePG;
    boolean externalDb = spec.getDatabase().getMode() == DatabaseMode.External;
    boolean managedMinio = spec.getObjectStorage().getMode() == ObjectStorageMode.Managed;
    var api = new Pods(Component.API);
    var web = new Pods(Component.WEB);
    var postgres = new Pods(Component.POSTGRES);
    var minio = new Pods(Component.MINIO);
    var edges = new ArrayList<Edge>();
    for (Peer edge : edgeProxies(m)) {
      edges.add(new Edge(edge, web, Port.of(AppContainers.WEB_PORT)));
      edges.add(new Edge(edge, api, Port.of(AppContainers.API_PORT)));
    }
    edges.add(new Edge(web, api, Port.of(AppContainers.API_PORT)));
    // The blue-green smoke check curls the API preview Service, which selects API pods.
    edges.add(new Edge(new Pods(Component.SMOKE_CHECK), api, Port.of(AppContainers.API_PORT)));
    // The migration Job runs the API image with the API's environment (DATABASE_URL, REDIS_URL,
    // S3_ENDPOINT), so a migration command may reach whatever the API reaches.
    var backends = List.of(api, new Pods(Component.WORKER), new Pods(Component.MIGRATION));
    var outsideClients = new ArrayList<Pods>();
    for (Pods client : backends) {
      if (pooler) {
        edges.add(new Edge(client, new Pods(Component.PGBOUNCER), Port.of(PGBOUNCER_PORT)));
      }
      if (managedDb) {
        edges.add(new Edge(client, postgres, Port.of(POSTGRES_PORT)));
      }
      if (cnpg) {
        edges.addAll(cnpgEdges(m, client));
      }
      edges.add(new Edge(client, new Pods(Component.REDIS), Port.of(REDIS_PORT)));
      if (managedMinio) {
        edges.add(new Edge(client, minio, Port.of(MINIO_PORT)));
      }
      if (externalDb || !managedMinio) {
        outsideClients.add(client);
      }
    }
    if (ObjectStorage.backupsOn(m)) {
      // The dump connects to the primary directly (PGHOST=<name>-postgres-rw), not through
      // PgBouncer: pg_dump's long snapshot transaction and session settings do not belong in
      // PgBouncer's transaction pool.
      var backup = new Pods(Component.BACKUP);
      edges.add(new Edge(backup, postgres, Port.of(POSTGRES_PORT)));
      if (managedMinio) {
        edges.add(new Edge(backup, minio, Port.of(MINIO_PORT)));
      } else {
        outsideClients.add(backup);
      }
    }
    if (managedMinio) {
      edges.add(new Edge(new Pods(Component.BUCKETS), minio, Port.of(MINIO_PORT)));
    }
    // An External database or object store is at an address the operator cannot know.
    for (Pods client : outsideClients) {
      edges.add(new Edge(client, Outside.ANYWHERE, null));
    }
    if (pooler) {
      edges.add(new Edge(new Pods(Component.PGBOUNCER), postgres, Port.of(POSTGRES_PORT)));
    }
    if (managedDb) {
      // Streaming replicas connect to the primary; all are pods of the one StatefulSet.
      edges.add(new Edge(postgres, postgres, Port.of(POSTGRES_PORT)));
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

  /**
   * A client's connections to CloudNativePG: its instances (the app Secret's {@code uri} names the
   * primary's Service) and, with the pooler on, the Pooler's PgBouncer pods. Their pods carry the
   * labels CNPG puts on them, not ours, so no policy of ours selects them and their ingress is
   * CNPG's (or the platform's) business; only the client's egress is opened here.
   */
  private static List<Edge> cnpgEdges(InstanceModel m, Pods client) {
    var edges = new ArrayList<Edge>();
    edges.add(
        new Edge(
            client,
            new ForeignPods(Map.of(CNPG_CLUSTER_LABEL, m.names().postgres())),
            Port.of(POSTGRES_PORT)));
    if (m.spec().getDatabase().getPooler().getEnabled()) {
      edges.add(
          new Edge(
              client,
              new ForeignPods(Map.of(CNPG_POOLER_LABEL, m.names().pgbouncer())),
              Port.of(PGBOUNCER_PORT)));
    }
    return edges;
  }

  /**
   * Where user traffic to web and API comes from: the ingress-nginx controller's pods, or, when the
   * instance is published through Gateway API ({@code ingress.gateway.parentRefs}), every pod of
   * the namespaces its Gateways live in.
   *
   * <p>A Gateway's data plane runs where its implementation puts it, and implementations label
   * those pods differently (Istio and kgateway: {@code gateway.networking.k8s.io/gateway-name};
   * NGINX Gateway Fabric and Envoy Gateway: their own labels); what the common ones share is the
   * namespace: they run the proxy for a Gateway in that Gateway's namespace. So the policy admits
   * the parentRefs' namespaces (a parentRef without namespace means the instance's own) by the
   * {@code kubernetes.io/metadata.name} label the API server puts on every namespace, which nobody
   * can forge without rights on namespaces. An implementation that runs its proxies elsewhere
   * (Envoy Gateway's default: {@code envoy-gateway-system}) needs its Gateway in that namespace, or
   * a policy of the platform's own.
   *
   * <p>An Istio canary bound to Istio Gateways ({@code release.canary.istio.gateways}) gets edge
   * traffic through those gateways' pods as well, which Istio runs in the Gateway resource's
   * namespace (istio-system's ingress gateway, or a gateway deployment beside it): their namespaces
   * are admitted too, by the same rule.
   */
  static List<Peer> edgeProxies(InstanceModel m) {
    var peers = new ArrayList<Peer>();
    var gateway = m.spec().getIngress().getGateway();
    if (gateway == null || gateway.getParentRefs() == null || gateway.getParentRefs().isEmpty()) {
      peers.add(Outside.INGRESS_CONTROLLER);
    } else {
      var namespaces = new TreeSet<String>();
      for (GatewayParentRef ref : gateway.getParentRefs()) {
        namespaces.add(ref.getNamespace() == null ? m.namespace() : ref.getNamespace());
      }
      peers.add(new GatewayNamespaces(List.copyOf(namespaces)));
    }
    istioGatewayNamespaces(m).ifPresent(peers::add);
    return peers;
  }

  /** The namespaces of the Istio Gateways an Istio canary's VirtualServices bind, if any. */
  private static Optional<Peer> istioGatewayNamespaces(InstanceModel m) {
    var release = m.spec().getRelease();
    if (release.getStrategy() != ReleaseStrategy.Canary
        || release.getCanary().getTrafficRouter() != TrafficRouter.Istio) {
      return Optional.empty();
    }
    return IstioRouting.EdgeBinding.of(m)
        .map(
            binding ->
                new GatewayNamespaces(
                    binding.gateways().stream()
                        .map(g -> g.substring(0, g.indexOf('/')))
                        .distinct()
                        .sorted()
                        .toList()));
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
    if (peer instanceof ForeignPods foreign) {
      return List.of(
          new NetworkPolicyPeerBuilder().withPodSelector(selector(foreign.labels())).build());
    }
    if (peer instanceof GatewayNamespaces gateways) {
      return gateways.namespaces().stream().map(NetworkPolicies::namespace).toList();
    }
    return switch ((Outside) peer) {
      case INGRESS_CONTROLLER -> List.of(anyNamespace(INGRESS_CONTROLLER_PODS));
      case PROMETHEUS -> List.of(anyNamespace(PROMETHEUS_PODS));
      case ANYWHERE -> List.of(cidr("0.0.0.0/0"), cidr("::/0"));
    };
  }

  private static NetworkPolicyPeer namespace(String name) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME, name)))
        .build();
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
