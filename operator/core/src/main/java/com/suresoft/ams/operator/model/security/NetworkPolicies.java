package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.clusterrules.Cidr;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ExternalEgressRule;
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
import com.suresoft.ams.operator.model.rollout.IstioRouting;
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
 * <p>Every peer outside the instance's namespace is matched by namespace and pod together, in one
 * peer: the ingress controller is a pod labelled {@code app.kubernetes.io/name: ingress-nginx} (as
 * its Helm chart and manifests label it) in one of the platform's ingress-controller namespaces,
 * Prometheus a pod labelled {@code app.kubernetes.io/name: prometheus} (as the Prometheus Operator
 * labels it) in one of the platform's Prometheus namespaces ({@link
 * com.suresoft.ams.operator.model.platform.Platform}). Namespaces are matched by the {@code
 * kubernetes.io/metadata.name} label the API server sets and nobody can forge, so a tenant's pod
 * that wears those labels in its own namespace gets nothing: a label alone would let it past TLS
 * and the rate limit, or to the API's metrics port. Gateway data planes are matched by namespace
 * only, see {@link #edgeProxies}.
 *
 * <p>An External database or object store is reached only at its {@code externalEgress} ranges and
 * ports, or, when those are not given, at any address on the mode's usual port; link-local
 * addresses (the cloud metadata service, which hands out the node's credentials) are excluded from
 * every range that contains them.
 */
public final class NetworkPolicies {
  /** Ports the data tier listens on (the Services' target ports). */
  public static final int POSTGRES_PORT = 5432;

  public static final int PGBOUNCER_PORT = 5432;
  public static final int REDIS_PORT = 6379;
  public static final int MINIO_PORT = 9000;
  public static final int DNS_PORT = 53;

  /** Default ports of an External database (PostgreSQL) and object store (S3 over HTTPS). */
  static final int DEFAULT_EXTERNAL_DB_PORT = 5432;

  static final int HTTPS_PORT = 443;

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

  /** The platform's shared pods, in the namespaces the platform configured for them. */
  public enum Outside implements Peer {
    INGRESS_CONTROLLER,
    PROMETHEUS
  }

  /**
   * Addresses outside the cluster's pods (an External database or object store): {@code cidr} minus
   * {@code except}.
   */
  public record Addresses(Cidr cidr, List<Cidr> except) implements Peer {
    public Addresses {
      except = List.copyOf(except);
    }

    /** {@code cidr} without the link-local ranges it contains. */
    static Addresses excludingLinkLocal(Cidr cidr) {
      return new Addresses(
          cidr, Cidr.LINK_LOCAL.stream().filter(l -> cidr.contains(l) && !cidr.equals(l)).toList());
    }
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

  /** One allowed connection. */
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
      if (externalDb) {
        edges.addAll(
            external(client, spec.getDatabase().getExternalEgress(), DEFAULT_EXTERNAL_DB_PORT));
      }
      if (!managedMinio) {
        edges.addAll(external(client, spec.getObjectStorage().getExternalEgress(), HTTPS_PORT));
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
        edges.addAll(external(backup, spec.getObjectStorage().getExternalEgress(), HTTPS_PORT));
      }
    }
    if (managedMinio) {
      edges.add(new Edge(new Pods(Component.BUCKETS), minio, Port.of(MINIO_PORT)));
    }
    if (pooler) {
      edges.add(new Edge(new Pods(Component.PGBOUNCER), postgres, Port.of(POSTGRES_PORT)));
    }
    if (managedDb) {
      // Streaming replicas connect to the primary; all are pods of the one StatefulSet.
      edges.add(new Edge(postgres, postgres, Port.of(POSTGRES_PORT)));
    }
    // An empty namespace list admits nobody (a peer list left empty would admit everyone).
    boolean prometheus = !m.platform().prometheusNamespaces().isEmpty();
    for (ScrapeTarget target : prometheus ? ScrapeTarget.of(m) : List.<ScrapeTarget>of()) {
      Port port =
          target.component() == Component.API
              ? Port.of(AppContainers.API_PORT)
              : Port.named(ScrapeTarget.METRICS_PORT);
      edges.add(new Edge(Outside.PROMETHEUS, new Pods(target.component()), port));
    }
    return edges;
  }

  /**
   * A client's connections to an External store: each {@code externalEgress} range on its ports
   * ({@code defaultPort} when it lists none). Without ranges the store's address is unknown to the
   * operator (it is in the user's Secret, and may be a name): any address but link-local, on {@code
   * defaultPort} only. That keeps an instance that set no ranges working, while its pods can no
   * longer reach the metadata service or any other port; requiring ranges would instead have left
   * such an instance on its old, wide-open policy (an invalid spec changes nothing that runs).
   */
  private static List<Edge> external(Pods client, List<ExternalEgressRule> rules, int defaultPort) {
    var edges = new ArrayList<Edge>();
    if (rules == null || rules.isEmpty()) {
      for (Cidr any : List.of(Cidr.ANY_V4, Cidr.ANY_V6)) {
        edges.add(new Edge(client, Addresses.excludingLinkLocal(any), Port.of(defaultPort)));
      }
      return edges;
    }
    for (ExternalEgressRule rule : rules) {
      var to = Addresses.excludingLinkLocal(Cidr.parse(rule.getCidr()).canonicalForm());
      var ports =
          rule.getPorts() == null || rule.getPorts().isEmpty()
              ? List.of(defaultPort)
              : rule.getPorts();
      for (int port : ports) {
        edges.add(new Edge(client, to, Port.of(port)));
      }
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
   * Where user traffic to web and API comes from: the ingress-nginx controller's pods in the
   * platform's ingress-controller namespaces, or, when the instance is published through Gateway
   * API ({@code ingress.gateway.parentRefs}), every pod of the namespaces its Gateways live in.
   *
   * <p>A Gateway's data plane runs where its implementation puts it, and implementations label
   * those pods differently (Istio and kgateway: {@code gateway.networking.k8s.io/gateway-name};
   * NGINX Gateway Fabric and Envoy Gateway: their own labels); what the common ones share is the
   * namespace: they run the proxy for a Gateway in that Gateway's namespace. So the policy admits
   * the parentRefs' namespaces (a parentRef without namespace means the instance's own) by the
   * {@code kubernetes.io/metadata.name} label the API server puts on every namespace, which nobody
   * can forge without rights on namespaces. An implementation that runs its proxies elsewhere
   * (Envoy Gateway's default: {@code envoy-gateway-system}) needs its Gateway in that namespace, or
   * a policy of the platform's own. No pod selector is added: there is no label all implementations
   * share, and a tenant can only run pods in a Gateway's namespace if that namespace is its own (a
   * parentRef without namespace), and there it controls the instance already.
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
      if (!m.platform().ingressControllerNamespaces().isEmpty()) {
        peers.add(Outside.INGRESS_CONTROLLER);
      }
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
    if (peer instanceof Addresses addresses) {
      return List.of(
          new NetworkPolicyPeerBuilder()
              .withNewIpBlock()
              .withCidr(addresses.cidr().toString())
              .withExcept(addresses.except().stream().map(Cidr::toString).toList())
              .endIpBlock()
              .build());
    }
    var platform = m.platform();
    return switch ((Outside) peer) {
      case INGRESS_CONTROLLER ->
          List.of(podsIn(platform.ingressControllerNamespaces(), INGRESS_CONTROLLER_PODS));
      case PROMETHEUS -> List.of(podsIn(platform.prometheusNamespaces(), PROMETHEUS_PODS));
    };
  }

  private static NetworkPolicyPeer namespace(String name) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME, name)))
        .build();
  }

  /** Pods with {@code podLabels} in one of {@code namespaces}: both must hold (one peer). */
  private static NetworkPolicyPeer podsIn(List<String> namespaces, Map<String, String> podLabels) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .addNewMatchExpression()
        .withKey(NAMESPACE_NAME)
        .withOperator("In")
        .withValues(namespaces.stream().sorted().distinct().toList())
        .endMatchExpression()
        .endNamespaceSelector()
        .withPodSelector(selector(podLabels))
        .build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
