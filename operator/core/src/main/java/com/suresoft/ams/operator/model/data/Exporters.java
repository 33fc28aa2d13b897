package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;

import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.monitoring.ScrapeTarget;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/**
 * Prometheus exporter sidecars of the managed data tier, one per PostgreSQL, PgBouncer and Redis
 * pod, each serving {@code /metrics} on a container port named {@value ScrapeTarget#METRICS_PORT}
 * (the port the ServiceMonitors and the NetworkPolicy admitting Prometheus name). A sidecar reaches
 * its server on the pod's loopback (PostgreSQL and PgBouncer under a Service name aliased to it, so
 * that TLS verifies the host name), so it scrapes exactly its own pod, and every credential comes
 * from the Secret through {@code secretKeyRef}.
 */
public final class Exporters {
  public static final String POSTGRES_IMAGE =
      "quay.io/prometheuscommunity/postgres-exporter:v0.16.0";
  public static final int POSTGRES_PORT = 9187;

  public static final String PGBOUNCER_IMAGE = "prometheuscommunity/pgbouncer-exporter:v0.10.2";
  public static final int PGBOUNCER_PORT = 9127;

  public static final String REDIS_IMAGE =
      "oliver006/redis_exporter:v1.66.0@sha256:d98e6db8094f491b95791e9f776b0ba30a20aeacb90e18334935d5e51bf2e6a1";
  public static final int REDIS_PORT = 9121;

  /** The container name of every exporter sidecar. */
  public static final String CONTAINER = "exporter";

  /**
   * uid/gid the exporters run as: {@code nobody}, not the server's uid, so an exporter could not
   * touch the server's files even if a volume were mounted into it. The exporter images declare a
   * non-numeric or differing user, and the pod-level uid is the server's, so it is set here.
   */
  public static final long UID = 65534;

  private Exporters() {}

  /**
   * postgres_exporter on the pod's own server, as the monitoring role ({@code pg_monitor}, which
   * pg_hba.conf admits from the pod's loopback only), over TLS verified like any client: the
   * headless Service's name, which the pod's {@code /etc/hosts} points at its loopback.
   */
  public static Container postgres(InstanceModel m) {
    var secrets = m.names().secrets();
    return container(
        POSTGRES_IMAGE,
        POSTGRES_PORT,
        List.of(
            plain(
                "DATA_SOURCE_URI",
                PostgresTls.localName(m, m.names().postgres())
                    + ":"
                    + PostgresCluster.PORT
                    + "/"
                    + SecretKeys.DATABASE_NAME
                    + "?"
                    + PostgresTls.VERIFY_FULL_QUERY),
            fromSecret("DATA_SOURCE_USER", secrets, SecretKeys.POSTGRES_MONITOR_USER),
            fromSecret("DATA_SOURCE_PASS", secrets, SecretKeys.POSTGRES_MONITOR_PASSWORD)),
        List.of(PostgresTls.caMount(PostgresTls.CA_VOLUME)));
  }

  /**
   * pgbouncer_exporter on PgBouncer's admin console ({@code pgbouncer} database), as the monitoring
   * role, which pgbouncer.ini lists in {@code stats_users} (read-only SHOW commands), over TLS
   * verified like any client (the Service's name, pointed at the pod's loopback). The role and
   * password reach it as libpq's {@code PGUSER}/{@code PGPASSWORD}, which its driver (lib/pq) reads
   * when the URL has no user information: neither is in the pod spec or on a command line, and a
   * hand-set password with {@code @}, {@code :} or {@code /} cannot rewrite the URL (a {@code
   * $(VAR)} in the URL would be pasted in unencoded).
   */
  public static Container pgbouncer(InstanceModel m) {
    var secrets = m.names().secrets();
    return container(
        PGBOUNCER_IMAGE,
        PGBOUNCER_PORT,
        List.of(
            fromSecret("PGUSER", secrets, SecretKeys.POSTGRES_MONITOR_USER),
            fromSecret("PGPASSWORD", secrets, SecretKeys.POSTGRES_MONITOR_PASSWORD),
            plain(
                "PGBOUNCER_EXPORTER_CONNECTION_STRING",
                "postgres://"
                    + PostgresTls.localName(m, m.names().pgbouncer())
                    + ":"
                    + PgBouncer.PORT
                    + "/pgbouncer?"
                    + PostgresTls.VERIFY_FULL_QUERY)),
        List.of(PostgresTls.caMount(PgBouncer.OWN_CA_VOLUME)));
  }

  /**
   * redis_exporter on the pod's own server, over TLS ({@code rediss://}) with the CA certificate
   * (only {@code ca.crt} is mounted into the sidecar, never the server's key).
   */
  public static Container redis(InstanceModel m) {
    var container =
        container(
            REDIS_IMAGE,
            REDIS_PORT,
            List.of(
                plain("REDIS_ADDR", "rediss://localhost:" + RedisServer.PORT),
                plain("REDIS_EXPORTER_TLS_CA_CERT_FILE", DataTls.CA_FILE),
                fromSecret("REDIS_PASSWORD", m.names().secrets(), SecretKeys.REDIS_PASSWORD)));
    container.setVolumeMounts(List.of(DataPods.mount(DataTls.CA_VOLUME, DataTls.CA_DIR, true)));
    return container;
  }

  /** The Service port that exposes the sidecar; only one Service per component carries it. */
  public static ServicePort servicePort(int port) {
    return new ServicePortBuilder()
        .withName(ScrapeTarget.METRICS_PORT)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(ScrapeTarget.METRICS_PORT))
        .build();
  }

  private static Container container(String image, int port, List<EnvVar> env) {
    return container(image, port, env, List.of());
  }

  /**
   * With {@code mounts}: the CA of a server the exporter verifies ({@link PostgresTls#caMount}).
   */
  private static Container container(
      String image, int port, List<EnvVar> env, List<VolumeMount> mounts) {
    var security = new SecurityContextBuilder(PodSecurity.container()).withRunAsUser(UID);
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withEnv(env)
        .withVolumeMounts(mounts.isEmpty() ? null : mounts)
        .addNewPort()
        .withName(ScrapeTarget.METRICS_PORT)
        .withContainerPort(port)
        .withProtocol("TCP")
        .endPort()
        // A scrape every 30 s of one local server: a few MiB and a sliver of CPU.
        .withNewResources()
        .addToRequests("cpu", new Quantity("10m"))
        .addToRequests("memory", new Quantity("32Mi"))
        .addToLimits("cpu", new Quantity("100m"))
        .addToLimits("memory", new Quantity("64Mi"))
        .endResources()
        // No probes: a failing exporter must not take its server out of the Services.
        .withSecurityContext(security.withRunAsGroup(UID).build())
        .build();
  }
}
