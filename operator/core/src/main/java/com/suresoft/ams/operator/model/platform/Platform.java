package com.suresoft.ams.operator.model.platform;

import java.util.List;

/**
 * What the platform team, not the team writing an instance, decides: what an instance may reach
 * outside its namespace, and where the platform's shared pods (ingress controller, Prometheus) run.
 * One value per operator process, from the {@code run} options and the chart's values; every
 * instance sees the same one.
 *
 * <p>The defaults are what a namespaced install with no settings should mean: anything that only
 * concerns the instance's own traffic (issuers, ingress classes, Gateways, registries) is open, as
 * before; a ClusterSecretStore (another team's secrets) or a Prometheus URL (a request from the
 * operator's pod to any address) is refused until the platform lists it.
 */
public record Platform(
    AllowList clusterSecretStores,
    AllowList prometheusUrls,
    AllowList clusterIssuers,
    AllowList ingressClasses,
    AllowList gateways,
    AllowList imageRegistries,
    List<String> ingressControllerNamespaces,
    List<String> prometheusNamespaces) {

  public static final String DEFAULT_INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";
  public static final String DEFAULT_PROMETHEUS_NAMESPACE = "monitoring";

  public Platform {
    ingressControllerNamespaces = List.copyOf(ingressControllerNamespaces);
    prometheusNamespaces = List.copyOf(prometheusNamespaces);
  }

  /** The defaults described above. */
  public static final Platform DEFAULTS =
      new Platform(
          AllowList.nothing(),
          AllowList.nothing(),
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          List.of(DEFAULT_INGRESS_CONTROLLER_NAMESPACE),
          List.of(DEFAULT_PROMETHEUS_NAMESPACE));

  /**
   * A platform that allows everything; for the embedded demo and tests that are about something
   * else than the allow-lists.
   */
  public static final Platform PERMISSIVE =
      new Platform(
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          List.of(DEFAULT_INGRESS_CONTROLLER_NAMESPACE),
          List.of(DEFAULT_PROMETHEUS_NAMESPACE));
}
