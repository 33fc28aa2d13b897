package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The platform settings as options, shared by {@code run} and the offline {@code validate} and
 * {@code render}: a pipeline that checks instances before they reach a cluster passes the same
 * settings (or the same environment variables, {@link RunCommand#ENV_BY_OPTION}) as the operator
 * there, and is refused what the operator would refuse.
 */
final class PlatformOptions {
  // What the platform allows instances to reach outside their namespace (docs/security.md). An
  // option left unset keeps its default: ClusterSecretStores and Prometheus URLs are refused, the
  // rest is open. "*" allows anything; an empty value allows nothing.

  @Option(
      names = "--allowed-cluster-secret-stores",
      split = "\\s*,\\s*",
      description =
          "ClusterSecretStores an instance may name. Default: none (env AMS_ALLOWED_CLUSTER_SECRET_STORES).")
  List<String> allowedClusterSecretStores;

  @Option(
      names = "--allowed-prometheus-urls",
      split = "\\s*,\\s*",
      description =
          "URL prefixes analysis.prometheusUrl may start with. Default: none (env AMS_ALLOWED_PROMETHEUS_URLS).")
  List<String> allowedPrometheusUrls;

  @Option(
      names = "--allowed-cluster-issuers",
      split = "\\s*,\\s*",
      description =
          "cert-manager ClusterIssuers an instance may name. Default: any (env AMS_ALLOWED_CLUSTER_ISSUERS).")
  List<String> allowedClusterIssuers;

  @Option(
      names = "--allowed-ingress-classes",
      split = "\\s*,\\s*",
      description =
          "IngressClasses an instance may name. Default: any (env AMS_ALLOWED_INGRESS_CLASSES).")
  List<String> allowedIngressClasses;

  @Option(
      names = "--allowed-gateways",
      split = "\\s*,\\s*",
      description =
          "Gateways (namespace/name) an instance may attach to. Default: any (env AMS_ALLOWED_GATEWAYS).")
  List<String> allowedGateways;

  @Option(
      names = "--allowed-image-registries",
      split = "\\s*,\\s*",
      description =
          "Registries (host[/path] prefixes) an instance's images may come from. Default: any (env AMS_ALLOWED_IMAGE_REGISTRIES).")
  List<String> allowedImageRegistries;

  @Option(
      names = "--ingress-controller-namespaces",
      split = "\\s*,\\s*",
      description =
          "Namespaces of the ingress controller the NetworkPolicies admit. Default: "
              + Platform.DEFAULT_INGRESS_CONTROLLER_NAMESPACE
              + " (env AMS_INGRESS_CONTROLLER_NAMESPACES).")
  List<String> ingressControllerNamespaces;

  @Option(
      names = "--prometheus-namespaces",
      split = "\\s*,\\s*",
      description =
          "Namespaces of the Prometheus the NetworkPolicies admit to the metrics ports. Default: "
              + Platform.DEFAULT_PROMETHEUS_NAMESPACE
              + " (env AMS_PROMETHEUS_NAMESPACES).")
  List<String> prometheusNamespaces;

  /** The platform the options describe; each unset option keeps {@link Platform#DEFAULTS}'. */
  Platform platform() {
    var d = Platform.DEFAULTS;
    return new Platform(
        allowList(allowedClusterSecretStores, d.clusterSecretStores()),
        allowList(allowedPrometheusUrls, d.prometheusUrls()),
        allowList(allowedClusterIssuers, d.clusterIssuers()),
        allowList(allowedIngressClasses, d.ingressClasses()),
        allowList(allowedGateways, d.gateways()),
        allowList(allowedImageRegistries, d.imageRegistries()),
        namespaces(ingressControllerNamespaces, d.ingressControllerNamespaces()),
        namespaces(prometheusNamespaces, d.prometheusNamespaces()));
  }

  private static AllowList allowList(List<String> option, AllowList fallback) {
    return option == null ? fallback : AllowList.of(option);
  }

  private static List<String> namespaces(List<String> option, List<String> fallback) {
    if (option == null) {
      return fallback;
    }
    var given = option.stream().filter(ns -> !ns.isBlank()).toList();
    return given.isEmpty() ? fallback : given;
  }
}
