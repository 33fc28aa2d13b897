package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromField;
import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;
import static com.suresoft.ams.operator.model.data.DataPods.mount;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Managed PostgreSQL: the StatefulSet {@code <name>-postgres} (pod 0 primary, the others streaming
 * replicas), its ConfigMap of scripts and configuration, and the Services {@code <name>-postgres}
 * (headless), {@code -rw} (pod 0) and {@code -ro} (the replicas, through the EndpointSlice of
 * {@link PostgresEndpoints}: no selector picks "every pod but 0").
 */
public final class PostgresCluster {
  public static final int PORT = 5432;

  /** uid/gid of the postgres user of the Alpine PostgreSQL image. */
  public static final long UID = 70;

  public static final String CONFIG_DIR = "/etc/ams/postgres";
  public static final String DATA_MOUNT = "/var/lib/postgresql/data";

  /** A subdirectory: the volume's root may hold lost+found, which initdb refuses. */
  public static final String PGDATA = DATA_MOUNT + "/pgdata";

  public static final String SOCKET_DIR = "/var/run/postgresql";

  public static final String ENTRYPOINT = "postgres-entrypoint.sh";
  public static final String BACKUP_DUMP = "backup-dump.sh";
  public static final String BACKUP_UPLOAD = "backup-upload.sh";

  /** Files of the ConfigMap {@code <name>-postgres-config}, by name. */
  public static Map<String, String> files() {
    return DataFiles.readAll(
        ENTRYPOINT,
        DataFiles.TLS_WATCH,
        "postgresql.conf",
        "pg_hba.conf",
        BACKUP_DUMP,
        BACKUP_UPLOAD);
  }

  private PostgresCluster() {}

  public static ConfigMap configMap(InstanceModel m) {
    return DataPods.configMap(m, m.names().postgresConfig(), Component.POSTGRES, files());
  }

  /** Name of pod {@code ordinal}. */
  public static String podName(InstanceModel m, int ordinal) {
    return m.names().postgres() + "-" + ordinal;
  }

  public static StatefulSet statefulSet(InstanceModel m, DataTierInputs inputs) {
    var db = m.spec().getDatabase();
    var names = m.names();
    var probe = List.of("pg_isready", "-q", "-h", SOCKET_DIR, "-p", Integer.toString(PORT));
    var container =
        new ContainerBuilder()
            .withName("postgres")
            .withImage(db.getImage())
            .withImagePullPolicy("IfNotPresent")
            .withCommand("sh", CONFIG_DIR + "/" + ENTRYPOINT)
            .withEnv(env(m))
            .addNewPort()
            .withName("postgres")
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(db.getResources())
            // initdb or a pg_basebackup of a large database may take long: up to 30 minutes.
            .withStartupProbe(DataPods.exec(5, 10, 180, probe))
            .withReadinessProbe(DataPods.exec(0, 5, 3, probe))
            .withLivenessProbe(DataPods.exec(0, 10, 6, probe))
            .withSecurityContext(PodSecurity.container())
            .withVolumeMounts(
                mount(ResourceNames.DATA_VOLUME, DATA_MOUNT, false),
                mount("config", CONFIG_DIR, true),
                PostgresTls.serverMount(),
                mount("run", SOCKET_DIR, false),
                mount("tmp", "/tmp", false))
            .build();
    var pod =
        DataPods.podSpec(m, UID)
            .withTerminationGracePeriodSeconds(60L)
            // Spread the instances over nodes, so one node failure leaves a copy of the data.
            .withNewAffinity()
            .withNewPodAntiAffinity()
            .addNewPreferredDuringSchedulingIgnoredDuringExecution()
            .withWeight(100)
            .withNewPodAffinityTerm()
            .withTopologyKey("kubernetes.io/hostname")
            .withNewLabelSelector()
            .withMatchLabels(Labels.selector(m.name(), Component.POSTGRES))
            .endLabelSelector()
            .endPodAffinityTerm()
            .endPreferredDuringSchedulingIgnoredDuringExecution()
            .endPodAntiAffinity()
            .endAffinity()
            .withHostAliases(PostgresTls.loopbackAlias(m, names.postgres()))
            .withContainers(container, Exporters.postgres(m))
            .withVolumes(
                DataPods.configVolume("config", names.postgresConfig()),
                PostgresTls.serverVolume(names.postgresTlsSecret()),
                PostgresTls.caVolume(PostgresTls.CA_VOLUME, names.postgresTlsSecret()),
                DataPods.emptyDir("run", true),
                DataPods.emptyDir("tmp", false))
            .build();
    var statefulSet =
        DataPods.statefulSet(
            m,
            Component.POSTGRES,
            names.postgres(),
            db.getInstances(),
            Map.of(DataPods.CONFIG_DIGEST, DataFiles.digest(files())),
            pod,
            db.getStorage(),
            inputs.claimSize(Component.POSTGRES, db.getStorage().getSize()));
    // Pod 0 first and alone: replicas bootstrap from a running primary.
    statefulSet.getSpec().setPodManagementPolicy("OrderedReady");
    return statefulSet;
  }

  /** The entrypoint's inputs; tests run the script with the same names. */
  static List<EnvVar> env(InstanceModel m) {
    var names = m.names();
    return List.of(
        fromField("POD_NAME", "metadata.name"),
        plain("PGDATA", PGDATA),
        plain("PGHOST", SOCKET_DIR),
        plain("PGPORT", Integer.toString(PORT)),
        plain("CONFIG_DIR", CONFIG_DIR),
        plain("TLS_DIR", PostgresTls.SERVER_DIR),
        plain("PRIMARY_HOST", names.postgresReadWrite()),
        plain("PRIMARY_PORT", Integer.toString(PORT)),
        fromSecret("POSTGRES_USER", names.secrets(), SecretKeys.POSTGRES_USER),
        plain("POSTGRES_DB", SecretKeys.DATABASE_NAME),
        fromSecret("POSTGRES_PASSWORD", names.secrets(), SecretKeys.POSTGRES_PASSWORD),
        fromSecret(
            "POSTGRES_REPLICATION_PASSWORD",
            names.secrets(),
            SecretKeys.POSTGRES_REPLICATION_PASSWORD),
        fromSecret("MONITOR_USER", names.secrets(), SecretKeys.POSTGRES_MONITOR_USER),
        fromSecret("MONITOR_PASSWORD", names.secrets(), SecretKeys.POSTGRES_MONITOR_PASSWORD));
  }

  public static Map<String, Service> services(InstanceModel m) {
    var names = m.names();
    var services = new LinkedHashMap<String, Service>();
    // Headless: the StatefulSet's pod DNS names.
    put(
        services,
        service(m, names.postgres(), Labels.selector(m.name(), Component.POSTGRES), true));
    // The primary is pod 0, always; its pod-name label is set by the StatefulSet controller.
    put(
        services,
        service(
            m, names.postgresReadWrite(), Labels.postgresPrimary(m.name(), podName(m, 0)), false));
    // No selector: its endpoints are the operator's EndpointSlice (PostgresEndpoints).
    put(services, service(m, names.postgresReadOnly(), null, false));
    return services;
  }

  private static void put(Map<String, Service> services, Service s) {
    services.put(s.getMetadata().getName(), s);
  }

  private static Service service(
      InstanceModel m, String name, Map<String, String> selector, boolean headless) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.POSTGRES, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP(headless ? "None" : null)
        .withPublishNotReadyAddresses(headless ? true : null)
        .withSelector(selector)
        .addNewPort()
        .withName("postgres")
        .withProtocol("TCP")
        .withPort(PORT)
        .withTargetPort(new IntOrString("postgres"))
        .endPort()
        // Every Service of the component matches the ServiceMonitor's selector; only the headless
        // one, which lists every pod, names the exporter's port, so each pod is scraped once.
        .addAllToPorts(
            headless ? List.of(Exporters.servicePort(Exporters.POSTGRES_PORT)) : List.of())
        .endSpec()
        .build();
  }
}
