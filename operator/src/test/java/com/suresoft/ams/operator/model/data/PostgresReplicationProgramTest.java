package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import com.suresoft.ams.operator.testing.RequiredProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exact entrypoint, configuration, pooler and backup scripts the operator ships, run against
 * PostgreSQL 15 and PgBouncer from Debian's packages: pod 0 as primary, pod 1 bootstrapped from it
 * as a streaming replica, PgBouncer in front, and a dump restored into a fresh database. Each test
 * builds on the one before (one primary for all, to keep the suite fast).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresReplicationProgramTest {
  private static final Duration START = Duration.ofSeconds(60);

  private InstanceModel model;
  private Map<String, String> secret;
  private PodScripts pods;
  private Path config;
  private int primaryPort;
  private int replicaPort;
  private Path replicaData;
  private Path replicaLog;
  private Process replica;
  private Path primarySocket;

  @BeforeAll
  void startPrimaryAndReplica() {
    RequiredProgram.require("postgres");
    RequiredProgram.require("pg_basebackup");
    model = InstanceModel.of(TestInstances.sample("production"));
    // Real random passwords, as the operator generates them: nothing here is a known default. The
    // application role's is a kept, hand-set one with every character that could end a quoted
    // value: the role's SQL and PgBouncer's auth file must carry it as is (AppSecretTest: the URL).
    secret =
        AppSecret.decode(
            AppSecret.desired(
                model,
                Map.of(SecretKeys.POSTGRES_PASSWORD, "p\"q'@evil:5432/x#$(id)\\"),
                new SecureRandomSecretValues()));
    pods = new PodScripts();
    config = pods.configDir("config", PostgresCluster.configMap(model).getData());
    primaryPort = PodScripts.freePort();
    replicaPort = PodScripts.freePort();

    var primaryLog = pods.dir("logs").resolve("primary.log");
    pods.start(
        config.resolve(PostgresCluster.ENTRYPOINT),
        podEnv(0, primaryPort, pods.dir("data-0")),
        primaryLog);
    awaitReady(primaryPort, primaryLog);

    replicaData = pods.dir("data-1");
    replicaLog = pods.dir("logs").resolve("replica.log");
    replica = startReplica();
  }

  private Process startReplica() {
    var p =
        pods.start(
            config.resolve(PostgresCluster.ENTRYPOINT),
            podEnv(1, replicaPort, replicaData),
            replicaLog);
    awaitReady(replicaPort, replicaLog);
    return p;
  }

  @AfterAll
  void stopAll() {
    if (pods != null) {
      pods.close();
    }
  }

  /** Pod {@code ordinal}'s env from the StatefulSet, with this machine's ports and directories. */
  private Map<String, String> podEnv(int ordinal, int port, Path data) {
    var container =
        PostgresCluster.statefulSet(model, DataTierInputs.fresh())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    return PodScripts.env(
            container.getEnv(),
            secret,
            PostgresCluster.podName(model, ordinal),
            Map.of(
                "PGDATA", data.resolve("pgdata").toString(),
                "PGHOST", socketDir(ordinal).toString(),
                "PGPORT", Integer.toString(port),
                "CONFIG_DIR", config.toString(),
                "PRIMARY_HOST", "127.0.0.1",
                "PRIMARY_PORT", Integer.toString(primaryPort)))
        // The pod listens on all addresses; here only on loopback.
        .entrySet()
        .stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, () -> withListen()));
  }

  private Path socketDir(int ordinal) {
    return pods.dir("run-" + ordinal);
  }

  /** psql as the superuser over pod 0's socket, as {@code kubectl exec ams-postgres-0} would. */
  private PodScripts.Result superuser(String database, String statement) {
    return PodScripts.run(
        List.of(
            "psql",
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            socketDir(0).toString(),
            "-p",
            Integer.toString(primaryPort),
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            statement),
        Map.of(),
        Duration.ofSeconds(20));
  }

  private static java.util.LinkedHashMap<String, String> withListen() {
    var m = new java.util.LinkedHashMap<String, String>();
    m.put("LISTEN_ADDRESSES", "127.0.0.1");
    return m;
  }

  private static void awaitReady(int port, Path log) {
    PodScripts.await(
        "PostgreSQL on port " + port,
        START,
        log,
        () ->
            PodScripts.run(
                        List.of(
                            "pg_isready", "-q", "-h", "127.0.0.1", "-p", Integer.toString(port)),
                        Map.of(),
                        Duration.ofSeconds(10))
                    .exit()
                == 0);
  }

  /** psql over TCP as the application role, with the password from the Secret. */
  private PodScripts.Result sql(int port, String statement) {
    return sqlAs(port, secret.get("postgres-password"), statement);
  }

  private PodScripts.Result sqlAs(int port, String password, String statement) {
    return sqlAs(port, password, "ams", statement);
  }

  private PodScripts.Result sqlAs(int port, String password, String database, String statement) {
    var command =
        new ArrayList<>(
            List.of(
                "psql",
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "ams",
                "-d",
                database,
                "-c",
                statement));
    return PodScripts.run(command, Map.of("PGPASSWORD", password), Duration.ofSeconds(20));
  }

  @Test
  @Order(1)
  void primaryCreatesTheAppRoleAndDatabaseWithTheSecretsPassword() {
    var r = sql(primaryPort, "SELECT current_user || '@' || current_database()");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output().trim()).isEqualTo("ams@ams");
    var wrong = sqlAs(primaryPort, "password", "SELECT 1");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.output()).contains("password authentication failed");
    // The exporter sidecar logs in as this role and must see every session's state.
    var monitor = sql(primaryPort, "SELECT pg_has_role('ams', 'pg_monitor', 'MEMBER')");
    assertThat(monitor.output().trim()).as(monitor.output()).isEqualTo("t");
  }

  @Test
  @Order(2)
  void writeOnThePrimaryIsReadOnTheReplica() {
    var w =
        sql(
            primaryPort,
            "CREATE TABLE assets (id int PRIMARY KEY, name text);"
                + " INSERT INTO assets SELECT g, 'asset-' || g FROM generate_series(1, 100) g;");
    assertThat(w.exit()).as(w.output()).isZero();
    PodScripts.await(
        "the rows on the replica",
        Duration.ofSeconds(30),
        replicaLog,
        () -> sql(replicaPort, "SELECT count(*) FROM assets").output().trim().equals("100"));
  }

  @Test
  @Order(3)
  void theReplicaStreamsFromThePrimaryAsPod1() {
    // pg_stat_replication shows its details to the superuser only.
    var su =
        superuser("postgres", "SELECT application_name || ' ' || state FROM pg_stat_replication");
    assertThat(su.exit()).as(su.output()).isZero();
    assertThat(su.output().trim()).isEqualTo("ams-postgres-1 streaming");
    var recovery = sql(replicaPort, "SELECT pg_is_in_recovery()");
    assertThat(recovery.output().trim()).isEqualTo("t");
  }

  @Test
  @Order(4)
  void theReplicaRefusesWrites() {
    var r = sql(replicaPort, "INSERT INTO assets VALUES (1000, 'nope')");
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("cannot execute INSERT in a read-only transaction");
  }

  @Test
  @Order(5)
  void aReplicaWithAnEmptyDataDirectoryBootstrapsAgain() throws Exception {
    PodScripts.stop(replica);
    PodScripts.run(
        List.of("rm", "-rf", replicaData.resolve("pgdata").toString()),
        Map.of(),
        Duration.ofSeconds(30));
    assertThat(replicaData.resolve("pgdata")).doesNotExist();
    sql(primaryPort, "INSERT INTO assets VALUES (101, 'after the wipe')");
    replica = startReplica();
    PodScripts.await(
        "the re-bootstrapped replica to have every row",
        Duration.ofSeconds(30),
        replicaLog,
        () -> sql(replicaPort, "SELECT count(*) FROM assets").output().trim().equals("101"));
    assertThat(Files.readString(replicaLog)).contains("bootstrapping from the primary");
    assertThat(replicaData.resolve("pgdata/standby.signal")).exists();
  }

  @Test
  @Order(6)
  void pgbouncerPoolsTransactionsToThePrimaryWithTheGeneratedConfig() throws Exception {
    RequiredProgram.require("pgbouncer");
    var container =
        PgBouncer.deployment(model).getSpec().getTemplate().getSpec().getContainers().get(0);
    var bouncerConfig = pods.configDir("pgbouncer-config", PgBouncer.configMap(model).getData());
    var run = pods.dir("pgbouncer-run");
    int port = PodScripts.freePort();
    var env =
        PodScripts.env(
            container.getEnv(),
            secret,
            "ams-pgbouncer-x",
            Map.of(
                "CONFIG_DIR", bouncerConfig.toString(),
                "RUN_DIR", run.toString(),
                "DB_HOST", "127.0.0.1",
                "DB_PORT", Integer.toString(primaryPort),
                "LISTEN_ADDR", "127.0.0.1",
                "LISTEN_PORT", Integer.toString(port)));
    var log = pods.dir("logs").resolve("pgbouncer.log");
    pods.start(bouncerConfig.resolve(PgBouncer.ENTRYPOINT), env, log);
    PodScripts.await(
        "PgBouncer",
        Duration.ofSeconds(20),
        log,
        () -> sql(port, "SELECT 1").output().trim().equals("1"));

    var rendered = Files.readString(run.resolve("pgbouncer.ini"));
    assertThat(rendered)
        .contains("pool_mode = transaction")
        .contains("max_client_conn = 200")
        .contains("default_pool_size = 20")
        .contains("auth_type = scram-sha-256");
    var count = sql(port, "SELECT count(*) FROM assets");
    assertThat(count.exit()).as(count.output()).isZero();
    assertThat(Integer.parseInt(count.output().trim())).isGreaterThanOrEqualTo(100);
    var wrong = sqlAs(port, "not-the-password", "SELECT 1");
    assertThat(wrong.exit()).isNotZero();
    // The exporter sidecar's view: the app role reads the admin console, but may not control it.
    var password = secret.get("postgres-password");
    var pools = sqlAs(port, password, "pgbouncer", "SHOW POOLS");
    assertThat(pools.exit()).as(pools.output()).isZero();
    assertThat(pools.output()).contains("ams|ams");
    var pause = sqlAs(port, password, "pgbouncer", "PAUSE");
    assertThat(pause.exit()).isNotZero();
    // The password sits only in the emptyDir, readable by its owner alone.
    assertThat(java.nio.file.Files.getPosixFilePermissions(run.resolve("userlist.txt")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  @Order(7)
  void theBackupDumpRestoresIntoAFreshDatabase() throws Exception {
    var backupDir = pods.dir("backup");
    var env =
        PodScripts.env(
            BackupJob.dumpEnv(model),
            secret,
            "ams-postgres-backup-x",
            Map.of(
                "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(primaryPort),
                "BACKUP_DIR", backupDir.toString()));
    var r =
        pods.runScript(config.resolve(PostgresCluster.BACKUP_DUMP), env, Duration.ofSeconds(60));
    assertThat(r.exit()).as(r.output()).isZero();
    String file = r.output().trim();
    assertThat(file).matches("ams-\\d{8}T\\d{6}Z\\.dump");
    var dump = backupDir.resolve(file);
    assertThat(dump).exists();

    // The README's restore procedure: a fresh database, then pg_restore --no-owner.
    var create = superuser("postgres", "CREATE DATABASE restored OWNER ams");
    assertThat(create.exit()).as(create.output()).isZero();
    var restore =
        PodScripts.run(
            List.of(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "ams",
                "-d",
                "restored",
                dump.toString()),
            Map.of("PGPASSWORD", secret.get("postgres-password")),
            Duration.ofSeconds(60));
    assertThat(restore.exit()).as(restore.output()).isZero();
    var check =
        PodScripts.run(
            List.of(
                "psql",
                "-X",
                "-t",
                "-A",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "ams",
                "-d",
                "restored",
                "-c",
                "SELECT count(*) || ' ' || max(name) FROM assets"),
            Map.of("PGPASSWORD", secret.get("postgres-password")),
            Duration.ofSeconds(20));
    assertThat(check.output().trim())
        .isEqualTo(
            sql(primaryPort, "SELECT count(*) || ' ' || max(name) FROM assets").output().trim());

    // The README's swap: the restored database takes the live one's name, while clients are on.
    var swap =
        PodScripts.run(
            List.of(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                socketDir(0).toString(),
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                "ALTER DATABASE ams WITH ALLOW_CONNECTIONS false",
                "-c",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ams'",
                "-c",
                "ALTER DATABASE ams RENAME TO ams_before_restore",
                "-c",
                "ALTER DATABASE restored RENAME TO ams"),
            Map.of(),
            Duration.ofSeconds(30));
    assertThat(swap.exit()).as(swap.output()).isZero();
    PodScripts.await(
        "the app role to read the restored data under the old name",
        Duration.ofSeconds(20),
        null,
        () -> sql(primaryPort, "SELECT count(*) FROM assets").output().trim().equals("101"));
  }
}
