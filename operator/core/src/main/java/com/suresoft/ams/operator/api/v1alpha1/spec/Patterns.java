package com.suresoft.ams.operator.api.v1alpha1.spec;

/** Regular expressions shared by the CRD schema and the operator's own validation. */
public final class Patterns {
  /** A Kubernetes resource quantity (as apimachinery parses it). */
  public static final String QUANTITY = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

  /** An RFC 1123 DNS subdomain: Kubernetes object names, hosts. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** An ingress host: a DNS subdomain, optionally with a leading wildcard label. */
  public static final String HOST =
      "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A DNS label (RFC 1123): namespaces, Gateway listener (section) names. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** An Istio Gateway reference written as {@code namespace/name}. */
  public static final String NAMESPACED_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** An OCI image tag. */
  public static final String IMAGE_TAG = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

  /** A Go duration such as 1h, 30m or 1h30m, as External Secrets reads it. */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";

  /** A five-field cron schedule or a macro such as @daily. */
  public static final String CRON =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";

  private Patterns() {}
}
