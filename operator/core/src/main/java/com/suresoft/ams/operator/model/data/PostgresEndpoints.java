package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of {@code <name>-postgres-ro}, which has no selector: an EndpointSlice the operator
 * owns, listing the replicas (every PostgreSQL pod but pod 0, the primary) with their readiness, as
 * the EndpointSlice controller would list the pods of a selector. Chosen over labelling the pods
 * with their role for a selector, which needs {@code patch} on pods, and a compromised operator
 * with that could swap the image of any running pod; writing EndpointSlices lets it redirect a
 * Service of a watched namespace, no more than its {@code patch} on Services already does.
 */
public final class PostgresEndpoints {
  /** The label that tells kube-proxy and DNS which Service a slice belongs to. */
  public static final String SERVICE_NAME = "kubernetes.io/service-name";

  /**
   * Who manages a slice; anything but the EndpointSlice controller's own value, or the controller
   * would take it over (and delete it: the Service has no selector).
   */
  public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";

  /** Selects the slices this operator writes, not those the controller writes for its Services. */
  public static final String SELECTOR =
      Labels.DATA_TIER_SELECTOR + "," + MANAGED_BY + "=" + Labels.OPERATOR;

  private static final String IPV4 = "IPv4";
  private static final String IPV6 = "IPv6";

  /** A replica as its endpoint shows it. */
  public record Replica(String pod, String uid, String ip, boolean ready, boolean terminating) {}

  private PostgresEndpoints() {}

  /**
   * The replicas among {@code pods} (the instance's PostgreSQL pods), by name; a pod without an IP
   * yet is left out, as the EndpointSlice controller does.
   */
  public static List<Replica> replicas(InstanceModel m, List<Pod> pods) {
    String prefix = m.names().postgres() + "-";
    return pods.stream()
        .filter(p -> ordinal(prefix, p.getMetadata().getName()).filter(o -> o > 0).isPresent())
        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
        .map(
            p ->
                new Replica(
                    p.getMetadata().getName(),
                    p.getMetadata().getUid(),
                    p.getStatus().getPodIP(),
                    ready(p),
                    p.getMetadata().getDeletionTimestamp() != null))
        .sorted(Comparator.comparing(Replica::pod))
        .toList();
  }

  /**
   * The slices of {@code <name>-postgres-ro}, one per address family its replicas have (an
   * EndpointSlice's address type cannot change, and a dual-stack pod lists its primary family
   * first); none unless PostgreSQL is managed, and none while no replica has an IP (the Service
   * then has no endpoints, as with an empty slice).
   */
  public static Map<String, EndpointSlice> readOnly(InstanceModel m, List<Replica> replicas) {
    var result = new LinkedHashMap<String, EndpointSlice>();
    if (!DataTier.managedPostgres(m)) {
      return result;
    }
    for (String family : List.of(IPV4, IPV6)) {
      var members = replicas.stream().filter(r -> family(r).equals(family)).toList();
      if (!members.isEmpty()) {
        var slice = slice(m, family, members);
        result.put(slice.getMetadata().getName(), slice);
      }
    }
    return result;
  }

  private static EndpointSlice slice(InstanceModel m, String family, List<Replica> replicas) {
    String service = m.names().postgresReadOnly();
    var labels = Labels.of(m.name(), Component.POSTGRES, m.spec().getVersion());
    labels.put(SERVICE_NAME, service);
    labels.put(MANAGED_BY, Labels.OPERATOR);
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(m.names().postgresReadOnlySlice(family))
        .withNamespace(m.namespace())
        .withLabels(labels)
        .endMetadata()
        .withAddressType(family)
        .addNewPort()
        .withName("postgres")
        .withProtocol("TCP")
        .withPort(PostgresCluster.PORT)
        .endPort()
        .withEndpoints(
            replicas.stream()
                .map(
                    r ->
                        new EndpointBuilder()
                            .withAddresses(r.ip())
                            .withNewConditions()
                            .withReady(r.ready() && !r.terminating())
                            .withServing(r.ready())
                            .withTerminating(r.terminating())
                            .endConditions()
                            .withNewTargetRef()
                            .withKind("Pod")
                            .withName(r.pod())
                            .withNamespace(m.namespace())
                            .withUid(r.uid())
                            .endTargetRef()
                            .build())
                .toList())
        .build();
  }

  private static String family(Replica r) {
    return r.ip().contains(":") ? IPV6 : IPV4;
  }

  private static Optional<Integer> ordinal(String prefix, String pod) {
    if (!pod.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(pod.substring(prefix.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean ready(Pod pod) {
    var conditions = pod.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
