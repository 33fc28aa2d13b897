package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.data.DataTier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLS of the data tier: which servers get a certificate, for which names, in which Secret; and the
 * cert-manager objects that issue them when cert-manager is installed (an Issuer {@code
 * <name>-selfsigned-issuer} bootstraps the CA Certificate {@code <name>-ca}, whose Secret backs the
 * CA Issuer {@code <name>-ca-issuer}, which signs one Certificate per server). Without cert-manager
 * the operator issues the same Secrets itself ({@link GeneratedTls}). Either way each server Secret
 * is of type {@code kubernetes.io/tls} with {@code tls.crt}, {@code tls.key} and {@code ca.crt},
 * and clients trust the one CA of the instance.
 */
public final class DataTls {
  public static final String GROUP = "cert-manager.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final String CERTIFICATE = "Certificate";
  public static final String ISSUER = "Issuer";

  /** Keys of a {@code kubernetes.io/tls} Secret, cert-manager's {@code ca.crt} included. */
  public static final String TLS_CRT = "tls.crt";

  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  public static final String SECRET_TYPE = "kubernetes.io/tls";

  /**
   * Where app and Job containers find the CA certificate of Redis and MinIO (only {@code ca.crt} is
   * projected there, never a key). Not the database's CA directory ({@code PostgresTls.CA_DIR}):
   * with CloudNativePG the database's certificates come from CNPG's own CA.
   */
  public static final String CA_DIR = "/etc/ams/data-ca";

  public static final String CA_FILE = CA_DIR + "/" + CA_CRT;
  public static final String CA_VOLUME = "data-ca";

  /** Server certificates of cert-manager: 90 days, renewed 30 days before they end. */
  static final String SERVER_DURATION = "2160h";

  static final String SERVER_RENEW_BEFORE = "720h";

  /** The CA: 10 years, renewed (same key, rotationPolicy Never) a year before it ends. */
  static final String CA_DURATION = "87600h";

  static final String CA_RENEW_BEFORE = "8760h";

  private DataTls() {}

  /** A server that listens for TLS: its Secret and the Services it is reached through. */
  public record Server(Component component, String secretName, List<String> services) {}

  /** The servers the instance runs, each with its certificate's Secret. */
  public static List<Server> servers(InstanceModel m) {
    var names = m.names();
    var servers = new ArrayList<Server>();
    if (DataTier.managedPostgres(m)) {
      servers.add(
          new Server(
              Component.POSTGRES,
              names.postgresTlsSecret(),
              List.of(names.postgres(), names.postgresReadWrite(), names.postgresReadOnly())));
    }
    if (DataTier.managedPooler(m)) {
      servers.add(
          new Server(Component.PGBOUNCER, names.pgbouncerTlsSecret(), List.of(names.pgbouncer())));
    }
    servers.add(new Server(Component.REDIS, names.redisTlsSecret(), List.of(names.redis())));
    if (DataTier.managedMinio(m)) {
      servers.add(new Server(Component.MINIO, names.minioTlsSecret(), List.of(names.minio())));
    }
    return servers;
  }

  /**
   * The certificate's DNS names: each Service's short, namespaced and fully qualified names, and
   * {@code localhost} for the probes and exporter sidecars that reach the server in its own pod.
   */
  public static List<String> dnsNames(InstanceModel m, Server server) {
    var names = new ArrayList<String>();
    for (String svc : server.services()) {
      String ns = m.namespace();
      names.addAll(
          List.of(
              svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local"));
    }
    names.add("localhost");
    return names;
  }

  /** The IP address in every server certificate: the pod's own loopback, as above. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Labels of the Secrets (cert-manager copies them through {@code secretTemplate}). */
  public static Map<String, String> labels(InstanceModel m) {
    return Labels.of(m.name(), Component.TLS, m.spec().getVersion());
  }

  /** The bootstrap Issuer and the CA Issuer, keyed by name. */
  public static Map<String, GenericKubernetesResource> issuers(InstanceModel m) {
    var names = m.names();
    var result = new LinkedHashMap<String, GenericKubernetesResource>();
    result.put(
        names.selfSignedIssuer(),
        object(m, ISSUER, names.selfSignedIssuer(), Map.of("selfSigned", Map.of())));
    result.put(
        names.caIssuer(),
        object(m, ISSUER, names.caIssuer(), Map.of("ca", Map.of("secretName", names.caSecret()))));
    return result;
  }

  /** The CA Certificate and one Certificate per server, keyed by name. */
  public static Map<String, GenericKubernetesResource> certificates(InstanceModel m) {
    var names = m.names();
    var result = new LinkedHashMap<String, GenericKubernetesResource>();
    var ca = new LinkedHashMap<String, Object>();
    ca.put("isCA", true);
    ca.put("commonName", names.caSecret());
    ca.put("secretName", names.caSecret());
    ca.put("duration", CA_DURATION);
    ca.put("renewBefore", CA_RENEW_BEFORE);
    // The CA key is kept across renewals: certificates it signed stay valid.
    ca.put("privateKey", Map.of("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Never"));
    ca.put("issuerRef", issuerRef(names.selfSignedIssuer()));
    ca.put("secretTemplate", Map.of("labels", labels(m)));
    result.put(names.caSecret(), object(m, CERTIFICATE, names.caSecret(), ca));
    for (Server server : servers(m)) {
      var spec = new LinkedHashMap<String, Object>();
      spec.put("secretName", server.secretName());
      spec.put("dnsNames", dnsNames(m, server));
      spec.put("ipAddresses", List.of(LOOPBACK));
      spec.put("duration", SERVER_DURATION);
      spec.put("renewBefore", SERVER_RENEW_BEFORE);
      spec.put("usages", List.of("server auth", "digital signature"));
      spec.put("privateKey", Map.of("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Always"));
      spec.put("issuerRef", issuerRef(names.caIssuer()));
      spec.put("secretTemplate", Map.of("labels", labels(m)));
      result.put(server.secretName(), object(m, CERTIFICATE, server.secretName(), spec));
    }
    return result;
  }

  private static Map<String, Object> issuerRef(String issuer) {
    return Map.of("name", issuer, "kind", ISSUER, "group", GROUP);
  }

  private static GenericKubernetesResource object(
      InstanceModel m, String kind, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(labels(m))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /**
   * A volume with only the CA certificate of {@code server}'s Secret (every server Secret carries
   * the instance's one CA as {@code ca.crt}); the server's key stays out of the pod.
   */
  public static Volume caVolume(String volumeName, String serverSecret) {
    return new VolumeBuilder()
        .withName(volumeName)
        .withNewSecret()
        .withSecretName(serverSecret)
        .addNewItem()
        .withKey(CA_CRT)
        .withPath(CA_CRT)
        .endItem()
        .withDefaultMode(0444)
        .endSecret()
        .build();
  }

  /**
   * The Secret whose {@code ca.crt} clients read: Redis's, the one server every instance runs (all
   * server Secrets carry the same CA).
   */
  public static String caSource(ResourceNames names) {
    return names.redisTlsSecret();
  }
}
