package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;

/**
 * The one owner of child object names. Names follow the seed when the instance is called {@code
 * ams}: {@code ams-api-service}, {@code ams-web-service}, {@code ams-secrets}, {@code ams-ingress},
 * {@code ams-api-hpa}.
 */
public record ResourceNames(String instance) {

  /** The longest suffix any child name adds to the instance name (see {@link #maxInstanceName}). */
  private static final String LONGEST_SUFFIX = "-pgbouncer-metrics";

  // -minio-buckets-<8 hex> is 23 characters, shorter than the suffix above.

  /** Kubernetes Service names are DNS labels: at most 63 characters. */
  private static final int DNS_LABEL_MAX = 63;

  /** The longest instance name for which every child name is still a valid DNS label. */
  public static int maxInstanceName() {
    return DNS_LABEL_MAX - LONGEST_SUFFIX.length();
  }

  public String secrets() {
    return instance + "-secrets";
  }

  public String deployment(Component component, Slot slot) {
    return instance + "-" + component.label() + "-" + slot.name();
  }

  /** The stable Service of web ({@code <name>-web-service}) or API ({@code <name>-api-service}). */
  public String service(Component component) {
    return instance + "-" + component.label() + "-service";
  }

  /** The blue-green preview Service that selects the candidate slot. */
  public String previewService(Component component) {
    return instance + "-" + component.label() + "-preview";
  }

  public String ingress() {
    return instance + "-ingress";
  }

  public String hpa(Component component) {
    return instance + "-" + component.label() + "-hpa";
  }

  /** Headless Service of the PostgreSQL StatefulSet, and the StatefulSet itself. */
  public String postgres() {
    return instance + "-postgres";
  }

  /** Service that selects the primary only. */
  public String postgresReadWrite() {
    return instance + "-postgres-rw";
  }

  /** Service of the streaming replicas (no selector: its endpoints are the operator's). */
  public String postgresReadOnly() {
    return instance + "-postgres-ro";
  }

  /**
   * EndpointSlice of {@link #postgresReadOnly()} for one address family ({@code IPv4}, {@code
   * IPv6}): a slice's address type cannot change, so each family has its own.
   */
  public String postgresReadOnlySlice(String addressType) {
    return postgresReadOnly() + "-" + addressType.toLowerCase(java.util.Locale.ROOT);
  }

  /** ConfigMap with the PostgreSQL entrypoint, configuration and backup scripts. */
  public String postgresConfig() {
    return instance + "-postgres-config";
  }

  /**
   * Server certificate of PostgreSQL (cert-manager's format: {@code tls.crt}, {@code tls.key},
   * {@code ca.crt}); its DNS names are those of the Services {@code <name>-postgres}, {@code -rw}
   * and {@code -ro}.
   */
  public String postgresTlsSecret() {
    return instance + "-postgres-tls";
  }

  /**
   * Server certificate of PgBouncer, same format; DNS names of the Service {@code
   * <name>-pgbouncer}.
   */
  public String pgbouncerTlsSecret() {
    return instance + "-pgbouncer-tls";
  }

  /**
   * The claim of PostgreSQL pod {@code ordinal}: the StatefulSet controller names it {@code
   * <template>-<statefulset>-<ordinal>}.
   */
  public String postgresClaim(int ordinal) {
    return DATA_VOLUME + "-" + postgres() + "-" + ordinal;
  }

  /** Name of the volume claim template of every data StatefulSet. */
  public static final String DATA_VOLUME = "data";

  /** The backup CronJob. */
  public String backup() {
    return instance + "-postgres-backup";
  }

  /**
   * CloudNativePG names its Secret {@code <cluster>-app}; the cluster is {@code <name>-postgres},
   * so CNPG's own Services are {@code <name>-postgres-rw} and {@code -ro}, as in Managed mode.
   */
  public String cnpgAppSecret() {
    return postgres() + "-app";
  }

  /**
   * CloudNativePG's CA Secret {@code <cluster>-ca} ({@code ca.crt}, and {@code ca.key}, which no
   * pod of ours mounts): the CA of the cluster's server certificates.
   */
  public String cnpgCaSecret() {
    return postgres() + "-ca";
  }

  /** PgBouncer Deployment and Service (and CloudNativePG Pooler). */
  public String pgbouncer() {
    return instance + "-pgbouncer";
  }

  public String pgbouncerConfig() {
    return instance + "-pgbouncer-config";
  }

  public String redis() {
    return instance + "-redis";
  }

  public String redisConfig() {
    return instance + "-redis-config";
  }

  public String minio() {
    return instance + "-minio";
  }

  public String minioConfig() {
    return instance + "-minio-config";
  }

  /**
   * The bucket Job. A Job's template cannot change, so the name carries a digest of the bucket
   * list: a new list is a new Job, the same list is the same (finished) Job.
   */
  public String minioBuckets(String digest) {
    return instance + "-minio-buckets-" + digest;
  }

  public String tlsSecret() {
    return instance + "-tls";
  }

  public String migrationJob(String version) {
    return instance + "-migrate-" + jobSuffix(version);
  }

  /**
   * The blue-green smoke check of {@code version} (shorter than the migration Job's name, so the
   * same length check covers it).
   */
  public String smokeCheckJob(String version) {
    return instance + "-smoke-" + jobSuffix(version);
  }

  /**
   * The Service an nginx canary Ingress or a Gateway API HTTPRoute sends candidate traffic to;
   * selects the candidate slot.
   */
  public String canaryService(Component component) {
    return instance + "-" + component.label() + "-canary";
  }

  /**
   * The Service the Gateway API HTTPRoute sends the stable share to; selects the slot the plain
   * Service selects, so the route can keep pointing at it whatever the release does.
   */
  public String stableService(Component component) {
    return instance + "-" + component.label() + "-stable";
  }

  /** The Gateway API HTTPRoute that publishes AMS instead of {@link #ingress()}. */
  public String httpRoute() {
    return instance + "-route";
  }

  /** The ingress-nginx canary Ingress beside {@link #ingress()}. */
  public String canaryIngress() {
    return instance + "-ingress-canary";
  }

  /** The Istio VirtualService of a routed component, named like the seed's ({@code ams-api}). */
  public String virtualService(Component component) {
    return instance + "-" + component.label();
  }

  /**
   * The Istio VirtualService that splits a routed component's edge traffic: bound to the Istio
   * Gateways of {@code spec.release.canary.istio.gateways}, on {@code spec.ingress.host}.
   */
  public String edgeVirtualService(Component component) {
    return instance + "-" + component.label() + "-edge";
  }

  /** The Istio DestinationRule with the slot subsets of a routed component. */
  public String destinationRule(Component component) {
    return instance + "-" + component.label();
  }

  /** Versions may hold dots, underscores and capitals; Job names are DNS labels. */
  private static String jobSuffix(String version) {
    return version.toLowerCase().replace('_', '-').replace('.', '-');
  }

  /** The ServiceMonitor of a component that exposes Prometheus metrics. */
  public String serviceMonitor(Component component) {
    return instance + "-" + component.label() + "-monitor";
  }

  /** The PrometheusRule with the instance's alerts. */
  public String prometheusRule() {
    return instance + "-alerts";
  }

  /** The ConfigMap holding the instance's Grafana dashboard. */
  public String dashboard() {
    return instance + "-dashboard";
  }

  /** The NetworkPolicy that denies all traffic to and from the instance's pods. */
  public String defaultDenyPolicy() {
    return instance + "-default-deny";
  }

  /** The NetworkPolicy that lets the instance's pods resolve names (DNS egress). */
  public String dnsPolicy() {
    return instance + "-allow-dns";
  }

  /** The NetworkPolicy that opens a component's own ingress and egress. */
  public String networkPolicy(Component component) {
    return instance + "-" + component.label() + "-netpol";
  }

  public String podDisruptionBudget(Component component) {
    return instance + "-" + component.label() + "-pdb";
  }

  /**
   * The ExternalSecret that fills {@link #secrets()}; it carries the Secret's name, as in the seed.
   */
  public String externalSecret() {
    return secrets();
  }

  /**
   * A regular expression matching the names of the instance's pods (for metrics such as cAdvisor's,
   * which carry only the pod name): slotted Deployments, StatefulSet ordinals and the PgBouncer
   * Deployment.
   */
  public String podNameRegex() {
    return instance
        + "-(((web|api|worker)-(blue|green))|pgbouncer)-[a-z0-9]+-[a-z0-9]+|"
        + instance
        + "-(postgres|redis|minio)-[0-9]+";
  }

  // Data-tier TLS (cert-manager's objects or the operator's generated CA).

  /**
   * The data tier's CA: its certificate and key (the Secret, and the cert-manager Certificate that
   * writes it). Kept when the instance is deleted, like {@link #secrets()}.
   */
  public String caSecret() {
    return instance + "-ca";
  }

  /** The cert-manager Issuer that signs the CA certificate itself (bootstrap). */
  public String selfSignedIssuer() {
    return instance + "-selfsigned-issuer";
  }

  /** The cert-manager CA Issuer that signs the data tier's server certificates. */
  public String caIssuer() {
    return instance + "-ca-issuer";
  }

  /** Redis's server certificate. */
  public String redisTlsSecret() {
    return instance + "-redis-tls";
  }

  /** MinIO's server certificate. */
  public String minioTlsSecret() {
    return instance + "-minio-tls";
  }
}
