package com.suresoft.ams.operator.model;

/**
 * CustomResourceDefinitions of other operators that an instance may use. Their objects are created
 * only where the CRD is installed; elsewhere a condition on the instance says what is missing.
 */
public enum OptionalCrd {
  SERVICE_MONITOR("servicemonitors.monitoring.coreos.com", "Prometheus Operator"),
  PROMETHEUS_RULE("prometheusrules.monitoring.coreos.com", "Prometheus Operator"),
  EXTERNAL_SECRET("externalsecrets.external-secrets.io", "External Secrets Operator"),
  CNPG_CLUSTER("clusters.postgresql.cnpg.io", "CloudNativePG"),
  /** Istio's networking CRDs come together; the VirtualService one stands for both. */
  ISTIO("virtualservices.networking.istio.io", "Istio"),
  /** Gateway API's HTTPRoute: the edge when spec.ingress.gateway is set, and its canaries. */
  HTTP_ROUTE("httproutes.gateway.networking.k8s.io", "Gateway API");

  private final String crdName;
  private final String provider;

  OptionalCrd(String crdName, String provider) {
    this.crdName = crdName;
    this.provider = provider;
  }

  /** The CRD's metadata.name ({@code <plural>.<group>}). */
  public String crdName() {
    return crdName;
  }

  /** Who installs the CRD, for messages. */
  public String provider() {
    return provider;
  }
}
