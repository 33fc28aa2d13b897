package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;
import static com.suresoft.ams.operator.model.data.DataPods.mount;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;

/**
 * PgBouncer in front of the primary: Deployment and Service {@code <name>-pgbouncer} (5432), with
 * transaction pooling, {@code max_client_conn} and {@code default_pool_size} from the spec, and the
 * auth file written at start-up from the generated Secret. Clients must use TLS (its certificate
 * from {@code <name>-pgbouncer-tls}); PgBouncer verifies the primary's certificate in turn.
 */
public final class PgBouncer {
  public static final int PORT = 5432;

  /** Alpine-based PgBouncer image (runs as the postgres user, uid 70; has sh and sed). */
  public static final String IMAGE =
      "edoburu/pgbouncer:v1.23.1-p3@sha256:377dec3c0e4a66a1077ec043e16a26ed5702a6d954011a7983a1457c2e070b1d";

  public static final long UID = 70;

  /** Two pods: the pooler is stateless, and one pod would be a single point of failure. */
  public static final int REPLICAS = 2;

  public static final String CONFIG_DIR = "/etc/ams/pgbouncer";
  public static final String RUN_DIR = "/var/run/pgbouncer";
  public static final String ENTRYPOINT = "pgbouncer-entrypoint.sh";

  /**
   * The exporter's copy of PgBouncer's own CA (the pooler container mounts PostgreSQL's CA under
   * the same path, {@link PostgresTls#CA_VOLUME}, to verify the primary).
   */
  static final String OWN_CA_VOLUME = "pgbouncer-ca";

  private PgBouncer() {}

  public static Map<String, String> files() {
    return DataFiles.readAll(ENTRYPOINT, DataFiles.TLS_WATCH, "pgbouncer.ini");
  }

  public static ConfigMap configMap(InstanceModel m) {
    return DataPods.configMap(m, m.names().pgbouncerConfig(), Component.PGBOUNCER, files());
  }

  public static Deployment deployment(InstanceModel m) {
    var names = m.names();
    var tcp =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withPort(new IntOrString(PORT))
            .endTcpSocket()
            .withPeriodSeconds(10)
            .build();
    var container =
        new ContainerBuilder()
            .withName("pgbouncer")
            .withImage(IMAGE)
            .withImagePullPolicy("IfNotPresent")
            .withCommand("sh", CONFIG_DIR + "/" + ENTRYPOINT)
            .withEnv(env(m))
            .addNewPort()
            .withName("postgres")
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withNewResources()
            .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("50m"))
            .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi"))
            .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi"))
            .endResources()
            .withReadinessProbe(tcp)
            .withLivenessProbe(tcp)
            .withSecurityContext(PodSecurity.container())
            .withVolumeMounts(
                mount("config", CONFIG_DIR, true),
                PostgresTls.serverMount(),
                PostgresTls.caMount(PostgresTls.CA_VOLUME),
                mount("run", RUN_DIR, false))
            .build();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(names.pgbouncer())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.PGBOUNCER, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withReplicas(REPLICAS)
        .withNewSelector()
        .withMatchLabels(Labels.selector(m.name(), Component.PGBOUNCER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.claim(m.name(), Component.PGBOUNCER))
        .withAnnotations(Map.of(DataPods.CONFIG_DIGEST, DataFiles.digest(files())))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(PodSecurity.pod(UID))
        .withHostAliases(PostgresTls.loopbackAlias(m, names.pgbouncer()))
        .withContainers(container, Exporters.pgbouncer(m))
        .withVolumes(
            DataPods.configVolume("config", names.pgbouncerConfig()),
            PostgresTls.serverVolume(names.pgbouncerTlsSecret()),
            PostgresTls.caVolume(PostgresTls.CA_VOLUME, names.postgresTlsSecret()),
            PostgresTls.caVolume(OWN_CA_VOLUME, names.pgbouncerTlsSecret()),
            DataPods.emptyDir("run", true))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The entrypoint's inputs; tests run the script with the same names. */
  static List<EnvVar> env(InstanceModel m) {
    var names = m.names();
    var pooler = m.spec().getDatabase().getPooler();
    return List.of(
        plain("CONFIG_DIR", CONFIG_DIR),
        plain("RUN_DIR", RUN_DIR),
        plain("DB_HOST", names.postgresReadWrite()),
        plain("DB_PORT", Integer.toString(PostgresCluster.PORT)),
        plain("DB_NAME", SecretKeys.DATABASE_NAME),
        fromSecret("DB_USER", names.secrets(), SecretKeys.POSTGRES_USER),
        fromSecret("DB_PASSWORD", names.secrets(), SecretKeys.POSTGRES_PASSWORD),
        fromSecret("MONITOR_USER", names.secrets(), SecretKeys.POSTGRES_MONITOR_USER),
        fromSecret("MONITOR_PASSWORD", names.secrets(), SecretKeys.POSTGRES_MONITOR_PASSWORD),
        plain("TLS_DIR", PostgresTls.SERVER_DIR),
        plain("SERVER_CA_FILE", PostgresTls.CA_FILE),
        plain("LISTEN_ADDR", "*"),
        plain("LISTEN_PORT", Integer.toString(PORT)),
        plain("MAX_CLIENT_CONN", pooler.getMaxClientConnections().toString()),
        plain("DEFAULT_POOL_SIZE", pooler.getDefaultPoolSize().toString()));
  }

  public static Service service(InstanceModel m) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(m.names().pgbouncer())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.PGBOUNCER, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(m.name(), Component.PGBOUNCER))
        .addNewPort()
        .withName("postgres")
        .withProtocol("TCP")
        .withPort(PORT)
        .withTargetPort(new IntOrString("postgres"))
        .endPort()
        .addToPorts(Exporters.servicePort(Exporters.PGBOUNCER_PORT))
        .endSpec()
        .build();
  }
}
