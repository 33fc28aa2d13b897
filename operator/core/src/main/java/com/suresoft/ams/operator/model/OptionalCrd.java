package com.suresoft.ams.operator.model;

import java.util.List;

/**
 * CustomResourceDefinitions of other operators that an instance may use. Their objects are created
 * only where the CRD is installed and serves a version the operator writes; elsewhere a condition
 * on the instance says what is missing ({@link ServedVersions}).
 */
public enum OptionalCrd {
  SERVICE_MONITOR("servicemonitors.monitoring.coreos.com", "Prometheus Operator", "v1"),
  PROMETHEUS_RULE("prometheusrules.monitoring.coreos.com", "Prometheus Operator", "v1"),
  /** ESO stopped serving v1beta1 in v0.17.0; v1 is served from v0.16.0. */
  EXTERNAL_SECRET(
      "externalsecrets.external-secrets.io", "External Secrets Operator", "v1", "v1beta1"),
  CNPG_CLUSTER("clusters.postgresql.cnpg.io", "CloudNativePG", "v1"),
  /**
   * Istio's networking CRDs come together; the VirtualService one stands for both. v1 is served
   * from Istio 1.22; v1beta1 (the same schema) by every release still in use.
   */
  ISTIO("virtualservices.networking.istio.io", "Istio", "v1", "v1beta1"),
  /** Gateway API's HTTPRoute: the edge when spec.ingress.gateway is set, and its canaries. */
  HTTP_ROUTE("httproutes.gateway.networking.k8s.io", "Gateway API", "v1"),
  /**
   * cert-manager's Certificate (its Issuer CRD comes with it): the data tier's certificates. Not
   * asked for in the spec: where it is missing the operator issues them itself.
   */
  CERT_MANAGER("certificates.cert-manager.io", "cert-manager", "v1");

  private final String crdName;
  private final String provider;
  private final List<String> versions;

  /** A kind the operator writes in version v1 only. */
  OptionalCrd(String crdName, String provider) {
    this(crdName, provider, "v1");
  }

  OptionalCrd(String crdName, String provider, String... versions) {
    this.crdName = crdName;
    this.provider = provider;
    this.versions = List.of(versions);
  }

  /** The CRD's metadata.name ({@code <plural>.<group>}). */
  public String crdName() {
    return crdName;
  }

  /** The API group, e.g. {@code external-secrets.io}. */
  public String group() {
    return crdName.substring(crdName.indexOf('.') + 1);
  }

  /** Who installs the CRD, for messages. */
  public String provider() {
    return provider;
  }

  /** The versions the operator can write, newest (preferred) first. */
  public List<String> versions() {
    return versions;
  }

  /** {@code <group>/<version>} of one of {@link #versions()}. */
  public String apiVersion(String version) {
    if (!versions.contains(version)) {
      throw new IllegalArgumentException(crdName + " is not written in version " + version);
    }
    return group() + "/" + version;
  }

  /** The newest version the operator writes, as {@code <group>/<version>}. */
  public String newestApiVersion() {
    return apiVersion(versions.get(0));
  }
}
