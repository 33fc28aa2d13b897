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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * PostgreSQL 15 and PgBouncer from Debian's packages, with certificates as cert-manager issues them
 * (made here with {@code openssl}): pod 0 as primary, pod 1 bootstrapped from it as a streaming
 * replica over TLS, PgBouncer in front, and a dump restored into a fresh database. Every client
 * connects as the pods' clients do ({@code sslmode=verify-full} against the CA). Each test builds
 * on the one before (one primary for all, to keep the suite fast).
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
  private Path primaryData;
  private Path primaryLog;
  private Process primary;
  private Path replicaData;
  private Path replicaLog;
  private Process replica;
  private TestCertificates ca;
  private Path postgresTls;
  private Path pgbouncerTls;
  private Path clientCa;
  private java.net.InetAddress hostAddress;

  @BeforeAll
  void startPrimaryAndReplica() throws Exception {
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
    ca = new TestCertificates(pods, "ams-ca");
    var names = model.names();
    var postgresNames = new ArrayList<String>();
    for (String service :
        List.of(names.postgresReadWrite(), names.postgresReadOnly(), names.postgres())) {
      postgresNames.addAll(TestCertificates.serviceNames(service, model.namespace()));
    }
    postgresTls = ca.server("postgres-tls", postgresNames);
    pgbouncerTls =
        ca.server(
            "pgbouncer-tls", TestCertificates.serviceNames(names.pgbouncer(), model.namespace()));
    clientCa = ca.clientCa("client-ca");

    config = pods.configDir("config", PostgresCluster.configMap(model).getData());
    // An administrator who turns on statement logging (and the logging of failed statements, on by
    // default) must still find no password in the log.
    Files.writeString(
        config.resolve("postgresql.conf"),
        "log_statement = 'all'\nlog_min_error_statement = 'error'\n",
        StandardOpenOption.APPEND);
    primaryPort = PodScripts.freePort();
    replicaPort = PodScripts.freePort();
    hostAddress = nonLoopbackAddress();

    primaryData = pods.dir("data-0");
    primaryLog = pods.dir("logs").resolve("primary.log");
    primary = startPrimary(primaryLog);

    replicaData = pods.dir("data-1");
    replicaLog = pods.dir("logs").resolve("replica.log");
    replica = startReplica();
  }

  private Process startPrimary(Path log) {
    var p = pods.start(config.resolve(PostgresCluster.ENTRYPOINT), podEnv(0), log);
    awaitReady(primaryPort, log);
    return p;
  }

  private Process startReplica() {
    var p = pods.start(config.resolve(PostgresCluster.ENTRYPOINT), podEnv(1), replicaLog);
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
  private Map<String, String> podEnv(int ordinal) {
    var container =
        PostgresCluster.statefulSet(model, DataTierInputs.fresh())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    var env =
        PodScripts.env(
            container.getEnv(),
            secret,
            PostgresCluster.podName(model, ordinal),
            Map.of(
                "PGDATA", (ordinal == 0 ? primaryData : replicaData).resolve("pgdata").toString(),
                "PGHOST", socketDir(ordinal).toString(),
                "PGPORT", Integer.toString(ordinal == 0 ? primaryPort : replicaPort),
                "CONFIG_DIR", config.toString(),
                "TLS_DIR", postgresTls.toString(),
                // The certificate carries 127.0.0.1 besides the Services' names: without cluster
                // DNS, the replica follows the primary by address and still verifies it fully.
                "PRIMARY_HOST", "127.0.0.1",
                "PRIMARY_PORT", Integer.toString(primaryPort)));
    // The pod listens on all addresses; here on loopback, the primary also on this machine's own
    // address, so that a client can come from somewhere other than loopback.
    var result = new LinkedHashMap<String, String>();
    result.put("TLS_RELOAD_SECONDS", "1");
    result.put(
        "LISTEN_ADDRESSES",
        ordinal == 0 ? "127.0.0.1," + hostAddress.getHostAddress() : "127.0.0.1");
    result.putAll(env);
    return result;
  }

  /** An IPv4 address of this machine outside loopback (a client from there is not the pod). */
  private static java.net.InetAddress nonLoopbackAddress() throws java.net.SocketException {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (var address : java.util.Collections.list(nic.getInetAddresses())) {
        if (address instanceof java.net.Inet4Address) {
          return address;
        }
      }
    }
    throw new AssertionError("this machine has no IPv4 address outside loopback");
  }

  private Path socketDir(int ordinal) {
    return pods.dir("run-" + ordinal);
  }

  /**
   * psql as the superuser over pod 0's socket, as the server's OS user: what {@code kubectl exec
   * ams-postgres-0} gets.
   */
  private PodScripts.Result superuser(String database, String... statements) {
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
                socketDir(0).toString(),
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-d",
                database));
    for (String statement : statements) {
      command.addAll(List.of("-c", statement));
    }
    return pods.runAsServerUser(command, Map.of(), Duration.ofSeconds(20));
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

  /**
   * A libpq connection string as the pods' clients use it: TLS, the server's certificate verified
   * against the CA and the host name (here 127.0.0.1, which the test certificates carry).
   */
  private String conn(int port, String user, String database) {
    return "host=127.0.0.1 port="
        + port
        + " user="
        + user
        + " dbname="
        + database
        + " sslmode=verify-full sslrootcert="
        + clientCa;
  }

  /** psql with connection string {@code conninfo} (later keywords override earlier ones). */
  private static PodScripts.Result psql(String conninfo, String password, String statement) {
    return PodScripts.run(
        List.of(
            "psql",
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            conninfo,
            "-c",
            statement),
        Map.of("PGPASSWORD", password),
        Duration.ofSeconds(20));
  }

  /** libpq's environment for a verifying client with {@code password}. */
  private Map<String, String> clientEnv(String password) {
    return Map.of(
        "PGPASSWORD", password, "PGSSLMODE", "verify-full", "PGSSLROOTCERT", clientCa.toString());
  }

  /** psql over TLS as the application role, with the password from the Secret. */
  private PodScripts.Result sql(int port, String statement) {
    return sqlAs(port, secret.get("postgres-password"), statement);
  }

  private PodScripts.Result sqlAs(int port, String password, String statement) {
    return sqlAs(port, password, "ams", statement);
  }

  private PodScripts.Result sqlAs(int port, String password, String database, String statement) {
    return psql(conn(port, "ams", database), password, statement);
  }

  private PodScripts.Result monitor(String conninfoTail, String statement) {
    return psql(
        conn(primaryPort, SecretKeys.MONITOR_USER, "ams") + conninfoTail,
        secret.get(SecretKeys.POSTGRES_MONITOR_PASSWORD),
        statement);
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
    // The application owns its data, nothing more: monitoring is the exporters' role's business.
    var monitor = sql(primaryPort, "SELECT pg_has_role('ams', 'pg_monitor', 'MEMBER')");
    assertThat(monitor.output().trim()).as(monitor.output()).isEqualTo("f");
  }

  @Test
  @Order(2)
  void clientsMustUseTlsAndVerifyTheServersNameAndCa() {
    String password = secret.get("postgres-password");
    var plain = psql(conn(primaryPort, "ams", "ams") + " sslmode=disable", password, "SELECT 1");
    assertThat(plain.exit()).isNotZero();
    assertThat(plain.output()).contains("no pg_hba.conf entry").contains("no encryption");

    // The app's view: the -rw Service's name, checked against the certificate.
    var byName =
        psql(
            conn(primaryPort, "ams", "ams") + " host=ams-postgres-rw hostaddr=127.0.0.1",
            password,
            "SELECT ssl || ' ' || version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assertThat(byName.exit()).as(byName.output()).isZero();
    assertThat(byName.output().trim()).matches("true TLSv1\\.[23]");

    var wrongName =
        psql(
            conn(primaryPort, "ams", "ams") + " host=ams-impostor hostaddr=127.0.0.1",
            password,
            "SELECT 1");
    assertThat(wrongName.exit()).isNotZero();
    assertThat(wrongName.output()).contains("does not match host name \"ams-impostor\"");

    var rogue = new TestCertificates(pods, "rogue-ca").clientCa("rogue-client-ca");
    var wrongCa =
        psql(conn(primaryPort, "ams", "ams") + " sslrootcert=" + rogue, password, "SELECT 1");
    assertThat(wrongCa.exit()).isNotZero();
    assertThat(wrongCa.output()).contains("certificate verify failed");
  }

  @Test
  @Order(3)
  void theSocketAdmitsOnlyTheServersOwnUserAsSuperuser() {
    var own =
        superuser(
            "postgres",
            "SELECT current_user || ' ' || usesuper FROM pg_user WHERE usename = current_user");
    assertThat(own.exit()).as(own.output()).isZero();
    assertThat(own.output().trim()).isEqualTo("postgres true");
    // The application's role, password or not, has no way in through the socket.
    var app =
        pods.runAsServerUser(
            List.of(
                "psql",
                "-X",
                "-h",
                socketDir(0).toString(),
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "ams",
                "-d",
                "ams",
                "-c",
                "SELECT 1"),
            Map.of("PGPASSWORD", secret.get("postgres-password")),
            Duration.ofSeconds(20));
    assertThat(app.exit()).isNotZero();
    assertThat(app.output()).contains("no pg_hba.conf entry for host \"[local]\"");
    // Another OS user in the pod (an exec as another uid) is not the superuser: peer, not trust.
    if (pods.canSwitchUsers()) {
      var other =
          pods.runAs(
              "nobody",
              List.of(
                  "psql",
                  "-X",
                  "-h",
                  socketDir(0).toString(),
                  "-p",
                  Integer.toString(primaryPort),
                  "-U",
                  "postgres",
                  "-d",
                  "postgres",
                  "-c",
                  "SELECT 1"),
              Map.of(),
              Duration.ofSeconds(20));
      assertThat(other.exit()).isNotZero();
      assertThat(other.output()).contains("Peer authentication failed for user \"postgres\"");
    }
    // Nor over the network, where it has no password anyway.
    var tcp = psql(conn(primaryPort, "postgres", "postgres"), "", "SELECT 1");
    assertThat(tcp.exit()).isNotZero();
    assertThat(tcp.output()).contains("pg_hba.conf rejects connection");
  }

  @Test
  @Order(4)
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
  @Order(5)
  void theReplicaStreamsFromThePrimaryAsPod1() {
    // pg_stat_replication shows its details to the superuser only.
    var su =
        superuser(
            "postgres",
            "SELECT application_name || ' ' || state || ' ssl=' || s.ssl"
                + " FROM pg_stat_replication JOIN pg_stat_ssl s USING (pid)");
    assertThat(su.exit()).as(su.output()).isZero();
    // Streaming over TLS: the WAL, every row the application writes, is encrypted on the wire.
    assertThat(su.output().trim()).isEqualTo("ams-postgres-1 streaming ssl=true");
    var recovery = sql(replicaPort, "SELECT pg_is_in_recovery()");
    assertThat(recovery.output().trim()).isEqualTo("t");
  }

  @Test
  @Order(6)
  void theReplicaRefusesWrites() {
    var r = sql(replicaPort, "INSERT INTO assets VALUES (1000, 'nope')");
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("cannot execute INSERT in a read-only transaction");
  }

  @Test
  @Order(7)
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
  @Order(8)
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
                "TLS_DIR", pgbouncerTls.toString(),
                "SERVER_CA_FILE", clientCa.toString(),
                "LISTEN_ADDR", "127.0.0.1",
                "LISTEN_PORT", Integer.toString(port)));
    env = new LinkedHashMap<>(env);
    env.put("TLS_RELOAD_SECONDS", "1");
    var log = pods.dir("logs").resolve("pgbouncer.log");
    pods.start(bouncerConfig.resolve(PgBouncer.ENTRYPOINT), env, log);
    PodScripts.await(
        "PgBouncer",
        Duration.ofSeconds(20),
        log,
        () -> sql(port, "SELECT 1").output().trim().equals("1"));
    var password = secret.get("postgres-password");

    // Clients: TLS or nothing; the app's URL names the Service, which the certificate carries.
    var plain = psql(conn(port, "ams", "ams") + " sslmode=disable", password, "SELECT 1");
    assertThat(plain.exit()).isNotZero();
    assertThat(plain.output()).contains("SSL required");
    var byName =
        psql(
            conn(port, "ams", "ams") + " host=ams-pgbouncer hostaddr=127.0.0.1",
            password,
            "SELECT 1");
    assertThat(byName.exit()).as(byName.output()).isZero();
    var wrongName =
        psql(
            conn(port, "ams", "ams") + " host=ams-postgres-rw hostaddr=127.0.0.1",
            password,
            "SELECT 1");
    assertThat(wrongName.exit()).isNotZero();
    assertThat(wrongName.output()).contains("does not match host name");
    // PgBouncer's own connection to the primary is TLS too.
    var upstream = sql(port, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assertThat(upstream.output().trim()).as(upstream.output()).isEqualTo("t");

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
    // The exporter sidecar's view: the monitoring role reads the admin console, but may not
    // control it; the application's role has no business there.
    String monitorPassword = secret.get(SecretKeys.POSTGRES_MONITOR_PASSWORD);
    var pools =
        psql(conn(port, SecretKeys.MONITOR_USER, "pgbouncer"), monitorPassword, "SHOW POOLS");
    assertThat(pools.exit()).as(pools.output()).isZero();
    assertThat(pools.output()).contains("ams|ams");
    var pause = psql(conn(port, SecretKeys.MONITOR_USER, "pgbouncer"), monitorPassword, "PAUSE");
    assertThat(pause.exit()).isNotZero();
    var appOnConsole = sqlAs(port, password, "pgbouncer", "SHOW POOLS");
    assertThat(appOnConsole.exit()).isNotZero();
    // The password sits only in the emptyDir, readable by its owner alone.
    assertThat(java.nio.file.Files.getPosixFilePermissions(run.resolve("userlist.txt")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

    // A renewed certificate is served without a restart, and clients still verify it.
    renew(pgbouncerTls, "pgbouncer-tls-renewed", log, port);
    var again =
        psql(
            conn(port, "ams", "ams") + " host=ams-pgbouncer hostaddr=127.0.0.1",
            password,
            "SELECT 1");
    assertThat(again.exit()).as(again.output()).isZero();
  }

  @Test
  @Order(12)
  void theServersServeARenewedCertificateWithoutARestart() throws Exception {
    // Primary and replica mount the same Secret: both present the renewed certificate.
    renew(postgresTls, "postgres-tls-renewed", primaryLog, primaryPort, replicaPort);
    for (int port : List.of(primaryPort, replicaPort)) {
      var app = sql(port, "SELECT 1");
      assertThat(app.exit()).as(app.output()).isZero();
    }
  }

  /**
   * Replaces the certificate and key in {@code tlsDir} in place (owner and mode kept, as a Secret
   * volume's files keep theirs) with a new one for the same names, and waits until the servers on
   * {@code ports} present it.
   */
  private void renew(Path tlsDir, String name, Path log, int... ports) throws Exception {
    String before = TestCertificates.serial(tlsDir.resolve("tls.crt"));
    for (int port : ports) {
      assertThat(TestCertificates.servedSerial(port, "postgres"))
          .as("served on " + port)
          .isEqualTo(before);
    }
    var renewed = ca.server(name, names(tlsDir));
    Files.write(tlsDir.resolve("tls.key"), Files.readAllBytes(renewed.resolve("tls.key")));
    Files.write(tlsDir.resolve("tls.crt"), Files.readAllBytes(renewed.resolve("tls.crt")));
    String after = TestCertificates.serial(tlsDir.resolve("tls.crt"));
    assertThat(after).isNotEqualTo(before);
    for (int port : ports) {
      PodScripts.await(
          "the renewed certificate on port " + port,
          Duration.ofSeconds(20),
          log,
          () -> after.equals(TestCertificates.servedSerial(port, "postgres")));
    }
  }

  /** The DNS names of the certificate in {@code tlsDir}, for one issued anew. */
  private static List<String> names(Path tlsDir) {
    var out =
        PodScripts.run(
                List.of(
                    "openssl",
                    "x509",
                    "-noout",
                    "-ext",
                    "subjectAltName",
                    "-in",
                    tlsDir.resolve("tls.crt").toString()),
                Map.of(),
                Duration.ofSeconds(10))
            .output();
    var names = new ArrayList<String>();
    var m = java.util.regex.Pattern.compile("DNS:([^,\\s]+)").matcher(out);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).isNotEmpty();
    return names;
  }

  @Test
  @Order(9)
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
                "PGSSLROOTCERT", clientCa.toString(),
                "BACKUP_DIR", backupDir.toString()));
    var r =
        pods.runScript(config.resolve(PostgresCluster.BACKUP_DUMP), env, Duration.ofSeconds(60));
    assertThat(r.exit()).as(r.output()).isZero();
    String file = r.output().trim();
    assertThat(file).matches("ams-\\d{8}T\\d{6}Z\\.dump");
    var dump = backupDir.resolve(file);
    assertThat(dump).exists();

    // The restore procedure of docs/data-tier.md: a fresh database, then pg_restore --no-owner in
    // the pod
    // (the socket admits the superuser only; --role makes the application's role own the objects).
    var create = superuser("postgres", "CREATE DATABASE restored OWNER ams");
    assertThat(create.exit()).as(create.output()).isZero();
    var restore =
        pods.runAsServerUser(
            List.of(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--role=ams",
                "-h",
                socketDir(0).toString(),
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-d",
                "restored",
                dump.toString()),
            Map.of(),
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
            clientEnv(secret.get("postgres-password")),
            Duration.ofSeconds(20));
    assertThat(check.output().trim())
        .isEqualTo(
            sql(primaryPort, "SELECT count(*) || ' ' || max(name) FROM assets").output().trim());

    // The swap of docs/data-tier.md: the restored database takes the live one's name, while clients
    // are on.
    var swap =
        superuser(
            "postgres",
            "ALTER DATABASE ams WITH ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ams'",
            "ALTER DATABASE ams RENAME TO ams_before_restore",
            "ALTER DATABASE restored RENAME TO ams");
    assertThat(swap.exit()).as(swap.output()).isZero();
    PodScripts.await(
        "the app role to read the restored data under the old name",
        Duration.ofSeconds(20),
        null,
        () -> sql(primaryPort, "SELECT count(*) FROM assets").output().trim().equals("101"));
  }

  @Test
  @Order(10)
  void theExportersRoleMonitorsFromThePodOnlyAndReadsNoData() {
    var member = monitor("", "SELECT pg_has_role('pg_monitor', 'MEMBER')");
    assertThat(member.exit()).as(member.output()).isZero();
    assertThat(member.output().trim()).isEqualTo("t");
    // pg_monitor shows other roles' sessions, which postgres_exporter counts by state.
    var sessions =
        monitor(
            "",
            "SELECT count(*) > 0 FROM pg_stat_activity"
                + " WHERE usename = 'replicator' AND state IS NOT NULL");
    assertThat(sessions.output().trim()).as(sessions.output()).isEqualTo("t");
    var data = monitor("", "SELECT count(*) FROM assets");
    assertThat(data.exit()).isNotZero();
    assertThat(data.output()).contains("permission denied for table assets");
    // From anywhere but the pod's loopback, refused (the password would do: pg_hba.conf rejects).
    String ip = hostAddress.getHostAddress();
    var remote = monitor(" host=" + ip + " sslmode=require", "SELECT 1");
    assertThat(remote.exit()).isNotZero();
    assertThat(remote.output())
        .contains("pg_hba.conf rejects connection for host \"" + ip + "\", user \"ams_monitor\"");
    // The application's role from the same place gets in: the rule is about the monitoring role.
    var app =
        psql(
            conn(primaryPort, "ams", "ams") + " host=" + ip + " sslmode=require",
            secret.get("postgres-password"),
            "SELECT 1");
    assertThat(app.exit()).as(app.output()).isZero();
  }

  @Test
  @Order(11)
  void aFailedPasswordChangeLogsNoPasswordAndARestartTakesBackTheAppsMonitoring() throws Exception {
    // An earlier version granted pg_monitor to the application's role; and a superuser setting
    // makes the next start's ALTER ROLE fail, the case where PostgreSQL logs the statement's text.
    var setup =
        superuser(
            "postgres",
            "GRANT pg_monitor TO ams",
            "ALTER ROLE postgres SET default_transaction_read_only = on");
    assertThat(setup.exit()).as(setup.output()).isZero();
    PodScripts.stop(primary);

    var failed =
        pods.runScript(
            config.resolve(PostgresCluster.ENTRYPOINT), podEnv(0), Duration.ofSeconds(60));
    assertThat(failed.exit()).isNotZero();
    assertThat(failed.output()).contains("cannot execute ALTER ROLE in a read-only transaction");
    Files.writeString(pods.dir("logs").resolve("failed-start.log"), failed.output());
    // The entrypoint's socket-only server is still up (in a pod the container's exit ends it).
    var undo =
        superuser(
            "postgres",
            "SET default_transaction_read_only = off",
            "ALTER ROLE postgres RESET default_transaction_read_only");
    assertThat(undo.exit()).as(undo.output()).isZero();
    var stop =
        pods.runAsServerUser(
            List.of(
                "pg_ctl",
                "-D",
                primaryData.resolve("pgdata").toString(),
                "-w",
                "-m",
                "fast",
                "stop"),
            Map.of(),
            Duration.ofSeconds(30));
    assertThat(stop.exit()).as(stop.output()).isZero();

    primary = startPrimary(pods.dir("logs").resolve("primary-restarted.log"));
    var app = sql(primaryPort, "SELECT pg_has_role('ams', 'pg_monitor', 'MEMBER')");
    assertThat(app.output().trim()).as(app.output()).isEqualTo("f");
    var monitor = monitor("", "SELECT pg_has_role('pg_monitor', 'MEMBER')");
    assertThat(monitor.output().trim()).as(monitor.output()).isEqualTo("t");

    // Every log of this run: statements were logged (log_statement = all), passwords were not.
    var logs = new StringBuilder();
    try (var files = Files.list(pods.dir("logs"))) {
      for (var f : files.toList()) {
        logs.append(Files.readString(f));
      }
    }
    assertThat(logs.toString()).contains("LOG:  statement: SELECT");
    for (String key :
        List.of(
            SecretKeys.POSTGRES_PASSWORD,
            SecretKeys.POSTGRES_REPLICATION_PASSWORD,
            SecretKeys.POSTGRES_MONITOR_PASSWORD)) {
      // A boolean, so that a failure does not print the password in the test report.
      assertThat(logs.toString().contains(secret.get(key))).as("the logs hold " + key).isFalse();
    }
  }
}
