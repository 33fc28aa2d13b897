package com.suresoft.ams.operator.api.v1alpha1.spec;

/** What moves canary traffic between the stable and the candidate slot. */
public enum TrafficRouter {
  /** Istio VirtualService weights and a header route to DestinationRule subsets. */
  Istio,
  /** An ingress-nginx canary Ingress with {@code canary-weight} and {@code canary-by-header}. */
  Nginx,
  /**
   * Gateway API: weighted {@code backendRefs} between a stable and a canary Service per routed
   * component in the HTTPRoute, and a header rule to the canary Service.
   */
  GatewayAPI
}
