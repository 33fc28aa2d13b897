package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Optional;

/**
 * TLS of the managed PostgreSQL and PgBouncer. Each server presents the certificate of its Secret
 * ({@code <name>-postgres-tls}, {@code <name>-pgbouncer-tls}: cert-manager's {@code tls.crt},
 * {@code tls.key}, {@code ca.crt}); every client (app, migration, backup, PgBouncer towards
 * PostgreSQL, replicas, exporters) verifies the chain and the host name ({@code
 * sslmode=verify-full}) against the {@code ca.crt} of the server it talks to, mounted alone: a
 * client pod never receives a server's private key.
 */
public final class PostgresTls {
  /** Where a server's own certificate Secret is mounted. */
  public static final String SERVER_DIR = "/etc/ams/tls";

  /** Where a client's trusted CA is mounted ({@code ca.crt} only). */
  public static final String CA_DIR = "/etc/ams/ca";

  public static final String CA_FILE = CA_DIR + "/ca.crt";

  public static final String SERVER_VOLUME = "tls";
  public static final String CA_VOLUME = "db-ca";

  /**
   * The server's files are root-owned (the kubelet writes them) and readable by the pod's fsGroup,
   * the server's gid (for a read-only volume such as a Secret the kubelet sets the group and adds
   * only 0440, so the mode stays 0440): PostgreSQL accepts a private key owned by root with at most
   * 0640, and refuses one others can read or the group can write.
   */
  static final int SERVER_MODE = 0440;

  /** A CA certificate is public. */
  static final int CA_MODE = 0444;

  /** libpq's URL parameters that verify the chain and the host name against {@link #CA_FILE}. */
  public static final String VERIFY_FULL_QUERY = "sslmode=verify-full&sslrootcert=" + CA_FILE;

  private PostgresTls() {}

  /** A server's certificate Secret, mounted whole. */
  static Volume serverVolume(String secret) {
    return new VolumeBuilder()
        .withName(SERVER_VOLUME)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(SERVER_MODE)
        .endSecret()
        .build();
  }

  static VolumeMount serverMount() {
    return DataPods.mount(SERVER_VOLUME, SERVER_DIR, true);
  }

  /** Only the {@code ca.crt} of a server's certificate Secret, for the clients that verify it. */
  public static Volume caVolume(String volumeName, String secret) {
    return new VolumeBuilder()
        .withName(volumeName)
        .withNewSecret()
        .withSecretName(secret)
        .addNewItem()
        .withKey("ca.crt")
        .withPath("ca.crt")
        .endItem()
        .withDefaultMode(CA_MODE)
        .endSecret()
        .build();
  }

  public static VolumeMount caMount(String volumeName) {
    return DataPods.mount(volumeName, CA_DIR, true);
  }

  /**
   * The Secret whose CA the application trusts for its database. Managed: PgBouncer's when the URL
   * points at the pooler, else PostgreSQL's. CloudNativePG without the pooler: CNPG's own CA, whose
   * server certificates carry the {@code -rw} Service's names that CNPG's {@code uri} uses. None
   * for External (the user's URL says what it trusts) nor for CNPG's Pooler, whose certificate's
   * names are CNPG's business, not ours.
   */
  public static Optional<String> appCaSecret(InstanceModel m) {
    var db = m.spec().getDatabase();
    return switch (db.getMode()) {
      case Managed ->
          Optional.of(
              db.getPooler().getEnabled()
                  ? m.names().pgbouncerTlsSecret()
                  : m.names().postgresTlsSecret());
      case CloudNativePG ->
          db.getPooler().getEnabled() ? Optional.empty() : Optional.of(m.names().cnpgCaSecret());
      case External -> Optional.empty();
    };
  }

  /**
   * The name of Service {@code service} that an exporter sidecar dials to reach its own pod's
   * server: one of the certificate's DNS names, so that the exporter verifies the host name as
   * every other client does.
   */
  static String localName(InstanceModel m, String service) {
    return service + "." + m.namespace() + ".svc";
  }

  /**
   * Points {@link #localName} at the pod's loopback in the pod's {@code /etc/hosts}: the sidecar
   * reaches exactly its own server, under a name the certificate carries. Nothing else in the pod
   * uses that name (the Service a replica follows is {@code -rw}).
   */
  static HostAlias loopbackAlias(InstanceModel m, String service) {
    return new HostAliasBuilder().withIp("127.0.0.1").withHostnames(localName(m, service)).build();
  }
}
