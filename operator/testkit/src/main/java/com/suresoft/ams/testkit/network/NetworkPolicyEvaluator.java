package com.suresoft.ams.testkit.network;

import com.suresoft.ams.clusterrules.Cidr;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Decides, as a cluster's network plugin would, whether the NetworkPolicies of a namespace let one
 * endpoint open a TCP connection to another on a port: a connection needs the client's egress and
 * the server's ingress, each either unrestricted (no policy of that type selects the pod) or
 * allowed by a rule of some policy that selects it. Covers what policies can say about TCP:
 * policyTypes (defaulted as the API server does), pod and namespace selectors (matchLabels and
 * matchExpressions), ipBlocks, numeric and named ports and port ranges.
 *
 * <p>Namespaces carry only the {@code kubernetes.io/metadata.name} label the API server sets. An
 * ipBlock matches only addresses outside the cluster's pods here: whether a plugin also matches pod
 * IPs against ipBlocks is left to the implementation by the API, so a policy that reaches a pod
 * only through an ipBlock is not to be relied on. An outside endpoint with a known address is
 * matched against the block's range and its {@code except} ranges; one known only by a name (its
 * address is whatever DNS says at the time) is admitted only by a block covering every address of a
 * family, since no narrower range can be shown to contain it.
 */
public final class NetworkPolicyEvaluator {
  /** The label the API server sets on every namespace: how policies select one by name. */
  private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  /**
   * A pod (namespace and labels) or, with {@code pod == false}, a place outside the cluster: an
   * address literal, or null when only a name is known.
   */
  public record Endpoint(
      String namespace, Map<String, String> labels, boolean pod, String address) {
    public static Endpoint pod(String namespace, Map<String, String> labels) {
      return new Endpoint(namespace, Map.copyOf(labels), true, null);
    }

    /** Outside the cluster, at an address nobody knows yet (a host name). */
    public static Endpoint external() {
      return new Endpoint(null, Map.of(), false, null);
    }

    /** Outside the cluster at {@code address}, an IPv4 or IPv6 literal. */
    public static Endpoint external(String address) {
      if (Cidr.address(address).isEmpty()) {
        throw new IllegalArgumentException(address + " is not an IP address");
      }
      return new Endpoint(null, Map.of(), false, address);
    }
  }

  /** A TCP destination port: its number and, on a pod, the container port's name (or null). */
  public record Port(int number, String name) {}

  private final Collection<NetworkPolicy> policies;
  private final String namespace;

  /**
   * @param policies the NetworkPolicies of {@code namespace}; they isolate its pods only
   */
  public NetworkPolicyEvaluator(Collection<NetworkPolicy> policies, String namespace) {
    this.policies = List.copyOf(policies);
    this.namespace = namespace;
  }

  public boolean allowed(Endpoint from, Endpoint to, Port port) {
    return egressAllowed(from, to, port) && ingressAllowed(from, to, port);
  }

  public boolean egressAllowed(Endpoint from, Endpoint to, Port port) {
    if (!from.pod() || !namespace.equals(from.namespace())) {
      return true; // not isolated by these policies
    }
    var selecting = selecting(from, "Egress");
    return selecting.isEmpty()
        || selecting.stream()
            .flatMap(p -> stream(p.getSpec().getEgress()))
            .anyMatch(r -> peersMatch(r.getTo(), to) && portsMatch(r.getPorts(), port));
  }

  public boolean ingressAllowed(Endpoint from, Endpoint to, Port port) {
    if (!to.pod() || !namespace.equals(to.namespace())) {
      return true;
    }
    var selecting = selecting(to, "Ingress");
    return selecting.isEmpty()
        || selecting.stream()
            .flatMap(p -> stream(p.getSpec().getIngress()))
            .anyMatch(r -> peersMatch(r.getFrom(), from) && portsMatch(r.getPorts(), port));
  }

  private static <T> Stream<T> stream(List<T> list) {
    return list == null ? Stream.empty() : list.stream();
  }

  private List<NetworkPolicy> selecting(Endpoint pod, String type) {
    return policies.stream()
        .filter(p -> policyTypes(p).contains(type))
        .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
        .toList();
  }

  /** As the API server defaults them: Ingress always, Egress when there are egress rules. */
  private static List<String> policyTypes(NetworkPolicy p) {
    var types = p.getSpec().getPolicyTypes();
    if (types != null && !types.isEmpty()) {
      return types;
    }
    return p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty()
        ? List.of("Ingress")
        : List.of("Ingress", "Egress");
  }

  private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint other) {
    return peers == null || peers.isEmpty() || peers.stream().anyMatch(p -> peerMatches(p, other));
  }

  private boolean peerMatches(NetworkPolicyPeer peer, Endpoint other) {
    if (peer.getIpBlock() != null) {
      return !other.pod() && blockMatches(peer.getIpBlock(), other.address());
    }
    if (!other.pod()) {
      return false;
    }
    boolean namespaceOk =
        peer.getNamespaceSelector() == null
            ? namespace.equals(other.namespace())
            : matches(peer.getNamespaceSelector(), Map.of(NAMESPACE_NAME, other.namespace()));
    boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
    return namespaceOk && podOk;
  }

  private static boolean blockMatches(IPBlock block, String address) {
    var cidr = Cidr.parse(block.getCidr());
    if (address == null) {
      return cidr.prefix() == 0;
    }
    byte[] bytes = Cidr.address(address).orElseThrow();
    return cidr.contains(bytes)
        && stream(block.getExcept()).map(Cidr::parse).noneMatch(e -> e.contains(bytes));
  }

  private static boolean portsMatch(List<NetworkPolicyPort> ports, Port port) {
    return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> portMatches(p, port));
  }

  private static boolean portMatches(NetworkPolicyPort rule, Port port) {
    if (!"TCP".equals(Objects.requireNonNullElse(rule.getProtocol(), "TCP"))) {
      return false;
    }
    if (rule.getPort() == null) {
      return true; // every port of the protocol
    }
    if (rule.getPort().getIntVal() == null) {
      return rule.getPort().getStrVal().equals(port.name());
    }
    int from = rule.getPort().getIntVal();
    int to = rule.getEndPort() == null ? from : rule.getEndPort();
    return from <= port.number() && port.number() <= to;
  }

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    var wanted =
        selector.getMatchLabels() == null ? Map.<String, String>of() : selector.getMatchLabels();
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && stream(selector.getMatchExpressions()).allMatch(r -> matches(r, labels));
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new IllegalArgumentException("selector operator " + r.getOperator());
    };
  }
}
