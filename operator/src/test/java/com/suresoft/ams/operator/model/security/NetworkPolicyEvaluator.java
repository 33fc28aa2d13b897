package com.suresoft.ams.operator.model.security;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Decides, as a cluster's network plugin would, whether a set of NetworkPolicies lets one endpoint
 * connect to another on a port. Enough of the semantics for our policies: matchLabels selectors,
 * namespace and pod selectors, ipBlocks for destinations outside the cluster, numeric and named
 * ports. (matchExpressions and ipBlock exceptions are not used by the operator and fail here.)
 */
final class NetworkPolicyEvaluator {

  /** A pod (namespace and labels) or, with {@code pod == false}, an address outside the cluster. */
  record Endpoint(String namespace, Map<String, String> labels, boolean pod) {
    static Endpoint pod(String namespace, Map<String, String> labels) {
      return new Endpoint(namespace, labels, true);
    }

    static Endpoint external() {
      return new Endpoint(null, Map.of(), false);
    }
  }

  /** A destination port: its number and, on a pod, the container port's name. */
  record Port(int number, String name) {}

  /** Namespace labels, as the API server sets kubernetes.io/metadata.name on every namespace. */
  private static Map<String, String> namespaceLabels(String namespace) {
    return Map.of("kubernetes.io/metadata.name", namespace);
  }

  private final Collection<NetworkPolicy> policies;
  private final String namespace;

  NetworkPolicyEvaluator(Collection<NetworkPolicy> policies, String namespace) {
    this.policies = policies;
    this.namespace = namespace;
  }

  boolean allowed(Endpoint from, Endpoint to, Port port) {
    return egressAllowed(from, to, port) && ingressAllowed(from, to, port);
  }

  private boolean egressAllowed(Endpoint from, Endpoint to, Port port) {
    if (!from.pod() || !namespace.equals(from.namespace())) {
      return true; // not isolated by these policies
    }
    var selecting = selecting(from, "Egress");
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream()
        .flatMap(
            p ->
                p.getSpec().getEgress() == null
                    ? java.util.stream.Stream.empty()
                    : p.getSpec().getEgress().stream())
        .anyMatch(r -> peersMatch(r.getTo(), to) && portsMatch(r.getPorts(), port));
  }

  private boolean ingressAllowed(Endpoint from, Endpoint to, Port port) {
    if (!to.pod() || !namespace.equals(to.namespace())) {
      return true;
    }
    var selecting = selecting(to, "Ingress");
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream()
        .flatMap(
            p ->
                p.getSpec().getIngress() == null
                    ? java.util.stream.Stream.empty()
                    : p.getSpec().getIngress().stream())
        .anyMatch(r -> peersMatch(r.getFrom(), from) && portsMatch(r.getPorts(), port));
  }

  private List<NetworkPolicy> selecting(Endpoint pod, String type) {
    return policies.stream()
        .filter(p -> p.getSpec().getPolicyTypes().contains(type))
        .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
        .toList();
  }

  private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint other) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    return peers.stream().anyMatch(peer -> peerMatches(peer, other));
  }

  private boolean peerMatches(NetworkPolicyPeer peer, Endpoint other) {
    if (peer.getIpBlock() != null) {
      if (peer.getIpBlock().getExcept() != null && !peer.getIpBlock().getExcept().isEmpty()) {
        throw new UnsupportedOperationException("ipBlock.except");
      }
      return !other.pod();
    }
    if (!other.pod()) {
      return false;
    }
    boolean namespaceOk =
        peer.getNamespaceSelector() == null
            ? namespace.equals(other.namespace())
            : matches(peer.getNamespaceSelector(), namespaceLabels(other.namespace()));
    boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
    return namespaceOk && podOk;
  }

  private static boolean portsMatch(List<NetworkPolicyPort> ports, Port port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    return ports.stream()
        .anyMatch(
            p ->
                "TCP".equals(p.getProtocol())
                    && (p.getPort().getIntVal() != null
                        ? p.getPort().getIntVal() == port.number()
                        : p.getPort().getStrVal().equals(port.name())));
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new UnsupportedOperationException("matchExpressions");
    }
    var wanted =
        selector.getMatchLabels() == null ? Map.<String, String>of() : selector.getMatchLabels();
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
