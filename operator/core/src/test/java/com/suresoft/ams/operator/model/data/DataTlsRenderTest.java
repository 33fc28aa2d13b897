package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emitted objects of the encrypted, least-privilege data tier: which pod mounts which
 * certificate (servers their key, clients only a CA), how every client asks for verify-full, which
 * role the exporters use. {@code PostgresReplicationProgramTest} proves the same files work against
 * the real programs.
 */
class DataTlsRenderTest {
  private static final String VERIFY = "sslmode=verify-full&sslrootcert=/etc/ams/ca/ca.crt";

  private static List<HasMetadata> render(String sample) {
    var model = InstanceModel.of(TestInstances.sample(sample));
    return Stack.objects(
        model, ReleasePlanner.steady(model, Slot.blue), Map.of(), k -> "GENERATED-" + k);
  }

  private static <T extends HasMetadata> T get(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  private static String env(Container c, String name) {
    var e =
        c.getEnv().stream()
            .filter(v -> v.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no env " + name + " in " + c.getName()));
    return e.getValue() != null
        ? e.getValue()
        : "secret:" + e.getValueFrom().getSecretKeyRef().getKey();
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  /** The mount path of each volume the container mounts. */
  private static Map<String, String> mounts(Container c) {
    var result = new java.util.TreeMap<String, String>();
    if (c.getVolumeMounts() != null) {
      c.getVolumeMounts().forEach(m -> result.put(m.getName(), m.getMountPath()));
    }
    return result;
  }

  /** A volume of only {@code ca.crt} from {@code secret}: a client never gets a private key. */
  private static void assertCaOnly(Volume v, String secret) {
    assertThat(v.getSecret().getSecretName()).isEqualTo(secret);
    assertThat(v.getSecret().getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getKey() + "->" + i.getPath()).isEqualTo("ca.crt->ca.crt"));
  }

  @Test
  void postgresServesItsCertificateAndItsExporterVerifiesItAsTheMonitoringRole() {
    var sts = get(render("production"), StatefulSet.class, "ams-postgres");
    var pod = sts.getSpec().getTemplate().getSpec();
    var tls = volume(pod, "tls");
    assertThat(tls.getSecret().getSecretName()).isEqualTo("ams-postgres-tls");
    assertThat(tls.getSecret().getItems()).isNullOrEmpty();
    // Root-owned, the pod's group (fsGroup 70) may read: a key layout PostgreSQL accepts.
    assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0440);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(70L);
    var server = container(pod, "postgres");
    assertThat(mounts(server)).containsEntry("tls", "/etc/ams/tls");
    assertThat(env(server, "TLS_DIR")).isEqualTo("/etc/ams/tls");
    assertThat(env(server, "MONITOR_USER")).isEqualTo("secret:postgres-monitor-user");
    assertThat(env(server, "MONITOR_PASSWORD")).isEqualTo("secret:postgres-monitor-password");

    var exporter = container(pod, Exporters.CONTAINER);
    assertThat(mounts(exporter)).containsExactly(Map.entry("db-ca", "/etc/ams/ca"));
    assertCaOnly(volume(pod, "db-ca"), "ams-postgres-tls");
    assertThat(env(exporter, "DATA_SOURCE_URI"))
        .isEqualTo("ams-postgres.ams.svc:5432/ams?" + VERIFY);
    assertThat(env(exporter, "DATA_SOURCE_USER")).isEqualTo("secret:postgres-monitor-user");
    assertThat(env(exporter, "DATA_SOURCE_PASS")).isEqualTo("secret:postgres-monitor-password");
    // That name is the pod's own loopback inside the pod, and only that name.
    assertThat(pod.getHostAliases())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getIp()).isEqualTo("127.0.0.1");
              assertThat(a.getHostnames()).containsExactly("ams-postgres.ams.svc");
            });
    // Replicas follow the primary under another name, which the alias must not capture.
    assertThat(env(server, "PRIMARY_HOST")).isEqualTo("ams-postgres-rw");
  }

  @Test
  void clientAuthenticationIsTlsOnlyPeerOnTheSocketAndTheMonitorRoleStaysInThePod() {
    var hba =
        get(render("production"), ConfigMap.class, "ams-postgres-config")
            .getData()
            .get("pg_hba.conf");
    var rules =
        hba.lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .map(l -> l.split("\\s+"))
            .toList();
    for (var rule : rules) {
      String method =
          rule[rule.length - 1].startsWith("map=") ? rule[rule.length - 2] : rule[rule.length - 1];
      assertThat(method).as(String.join(" ", rule)).isNotEqualTo("trust");
      if (rule[0].equals("host")) {
        // A plain-TCP line may only refuse.
        assertThat(method).as(String.join(" ", rule)).isEqualTo("reject");
      }
      if (rule[0].equals("local")) {
        assertThat(String.join(" ", rule)).isEqualTo("local all postgres peer map=server");
      }
    }
    assertThat(hba)
        .contains("hostssl   replication     replicator      all             scram-sha-256")
        .contains("hostssl   all             ams_monitor     127.0.0.1/32    scram-sha-256")
        .contains("host      all             ams_monitor     all             reject");
  }

  @Test
  void pgbouncerRequiresTlsFromClientsAndVerifiesThePrimary() {
    var objects = render("production");
    var pod = get(objects, Deployment.class, "ams-pgbouncer").getSpec().getTemplate().getSpec();
    var bouncer = container(pod, "pgbouncer");
    assertThat(mounts(bouncer))
        .containsEntry("tls", "/etc/ams/tls")
        .containsEntry("db-ca", "/etc/ams/ca");
    assertThat(volume(pod, "tls").getSecret().getSecretName()).isEqualTo("ams-pgbouncer-tls");
    assertCaOnly(volume(pod, "db-ca"), "ams-postgres-tls");
    assertThat(env(bouncer, "SERVER_CA_FILE")).isEqualTo("/etc/ams/ca/ca.crt");
    var ini = get(objects, ConfigMap.class, "ams-pgbouncer-config").getData().get("pgbouncer.ini");
    assertThat(ini)
        .contains("client_tls_sslmode = require")
        .contains("server_tls_sslmode = verify-full")
        .contains("stats_users = @MONITOR_USER@");

    var exporter = container(pod, Exporters.CONTAINER);
    assertThat(mounts(exporter)).containsExactly(Map.entry("pgbouncer-ca", "/etc/ams/ca"));
    assertCaOnly(volume(pod, "pgbouncer-ca"), "ams-pgbouncer-tls");
    assertThat(env(exporter, "PGUSER")).isEqualTo("secret:postgres-monitor-user");
    assertThat(env(exporter, "PGPASSWORD")).isEqualTo("secret:postgres-monitor-password");
    assertThat(env(exporter, "PGBOUNCER_EXPORTER_CONNECTION_STRING"))
        .isEqualTo("postgres://ams-pgbouncer.ams.svc:5432/pgbouncer?" + VERIFY);
    assertThat(pod.getHostAliases())
        .singleElement()
        .satisfies(a -> assertThat(a.getHostnames()).containsExactly("ams-pgbouncer.ams.svc"));
  }

  @Test
  void theAppTheMigrationAndTheBackupTrustTheCaOfTheServerTheyDial() {
    // Production: the pooler is on, so DATABASE_URL names PgBouncer and its CA is mounted.
    var objects = render("production");
    for (String name : List.of("ams-api-blue", "ams-worker-blue")) {
      var pod = get(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
      assertThat(mounts(pod.getContainers().get(0))).as(name).containsEntry("db-ca", "/etc/ams/ca");
      assertCaOnly(volume(pod, "db-ca"), "ams-pgbouncer-tls");
    }
    var web = get(objects, Deployment.class, "ams-web-blue").getSpec().getTemplate().getSpec();
    assertThat(web.getVolumes()).noneMatch(v -> v.getSecret() != null);

    var model = InstanceModel.of(TestInstances.sample("production"));
    var migration =
        com.suresoft.ams.operator.model.rollout.ReleaseJobs.desired(
                model,
                new JobRequest(
                    JobRequest.Kind.MIGRATION,
                    model.names().migrationJob("1.2.3"),
                    "1.2.3",
                    "a",
                    false))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(mounts(migration.getContainers().get(0))).containsEntry("db-ca", "/etc/ams/ca");
    assertCaOnly(volume(migration, "db-ca"), "ams-pgbouncer-tls");

    var backup =
        get(objects, CronJob.class, "ams-postgres-backup")
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    var dump = backup.getInitContainers().get(0);
    assertThat(env(dump, "PGSSLMODE")).isEqualTo("verify-full");
    assertThat(env(dump, "PGSSLROOTCERT")).isEqualTo("/etc/ams/ca/ca.crt");
    assertThat(mounts(dump)).containsEntry("db-ca", "/etc/ams/ca");
    assertCaOnly(volume(backup, "db-ca"), "ams-postgres-tls");

    // Development: no pooler, so the URL names the primary and PostgreSQL's CA is mounted.
    var dev = render("development");
    var api = get(dev, Deployment.class, "ams-api-blue").getSpec().getTemplate().getSpec();
    assertCaOnly(volume(api, "db-ca"), "ams-postgres-tls");
  }
}
