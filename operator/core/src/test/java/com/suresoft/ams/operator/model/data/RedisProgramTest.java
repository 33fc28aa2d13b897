package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import com.suresoft.ams.operator.testing.RequiredProgram;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact Redis entrypoint and redis.conf the operator ships, run against redis-server (Debian's
 * is built with TLS), with a certificate the operator issues ({@link GeneratedTls}).
 */
class RedisProgramTest {
  /** Every character the config quoting must escape or keep: quote, backslash, space, dollar. */
  private static final String AWKWARD_PASSWORD = "p\"w\\d $x 'y'";

  @Test
  void redisListensOnlyForTlsWithAppendOnlyAndRequiresTheSecretsPassword() throws Exception {
    RequiredProgram.require("redis-server");
    RequiredProgram.require("redis-cli");
    var model = InstanceModel.of(TestInstances.sample("production"));
    var random = new SecureRandomSecretValues();
    var secret =
        AppSecret.decode(
            AppSecret.desired(
                model,
                Map.of(),
                k -> k.equals(SecretKeys.REDIS_PASSWORD) ? AWKWARD_PASSWORD : random.generate(k)));
    var keys = new EcKeyPairs(new SecureRandom());
    var issued = GeneratedTls.desired(model, Map.of(), Instant.now(), keys);
    var tls = AppSecret.decode(issued.get(model.names().redisTlsSecret()));
    // Another instance's CA: a client trusting only it must refuse this server.
    var otherCa =
        AppSecret.decode(
                GeneratedTls.desired(model, Map.of(), Instant.now(), keys)
                    .get(model.names().caSecret()))
            .get("ca.crt");
    try (var pods = new PodScripts()) {
      var config = pods.configDir("config", RedisServer.configMap(model).getData());
      var tlsDir = pods.configDir("tls", tls);
      var clientDir = pods.configDir("client", Map.of("other-ca.crt", otherCa));
      var data = pods.dir("data");
      int port = PodScripts.freePort();
      var container =
          RedisServer.statefulSet(model, DataTierInputs.fresh())
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);
      var env =
          new java.util.HashMap<>(
              PodScripts.env(
                  container.getEnv(),
                  secret,
                  "ams-redis-0",
                  Map.of(
                      "CONFIG_DIR", config.toString(),
                      "RUN_DIR", pods.dir("run").toString(),
                      "DATA_DIR", data.toString(),
                      "TLS_DIR", tlsDir.toString())));
      // Optional inputs of the script, defaults 6379 and all addresses in the pod.
      env.put("REDIS_PORT", Integer.toString(port));
      env.put("REDIS_BIND", "127.0.0.1");
      env.put("TLS_RELOAD_SECONDS", "1");
      var log = pods.dir("logs").resolve("redis.log");
      pods.start(config.resolve(RedisServer.ENTRYPOINT), env, log);
      String password = secret.get("redis-password");
      assertThat(password).isEqualTo(AWKWARD_PASSWORD);
      var ca = tlsDir.resolve("ca.crt").toString();
      PodScripts.await(
          "redis-server",
          Duration.ofSeconds(20),
          log,
          () -> cli(port, ca, password, "PING").output().trim().equals("PONG"));

      // The rendered readiness probe, on this port, with the pod's variables.
      var probe = container.getReadinessProbe().getExec().getCommand();
      var probeEnv = Map.of("REDIS_PASSWORD", password, "TLS_DIR", tlsDir.toString());
      var ready =
          PodScripts.run(
              List.of(
                  probe.get(0),
                  probe.get(1),
                  probe.get(2).replace("-p " + RedisServer.PORT, "-p " + port)),
              probeEnv,
              Duration.ofSeconds(10));
      assertThat(ready.exit()).as(ready.output()).isZero();

      // Plain text is refused: no PONG, not even an error reply from Redis.
      var plain = cli(port, null, password, "PING");
      assertThat(plain.output()).doesNotContain("PONG");
      assertThat(plain.exit()).isNotZero();
      // A client that trusts another CA refuses the server's certificate.
      var foreign = cli(port, clientDir.resolve("other-ca.crt").toString(), password, "PING");
      assertThat(foreign.output()).doesNotContain("PONG");

      var anonymous = cli(port, ca, null, "SET", "k", "v");
      assertThat(anonymous.output()).contains("NOAUTH");
      var wrong = cli(port, ca, "not-the-password", "PING");
      assertThat(wrong.output()).doesNotContain("PONG");

      assertThat(cli(port, ca, password, "CONFIG", "GET", "appendonly").output())
          .contains("appendonly\nyes");
      assertThat(cli(port, ca, password, "CONFIG", "GET", "port").output()).contains("port\n0");
      assertThat(cli(port, ca, password, "SET", "job:1", "queued").output().trim()).isEqualTo("OK");
      PodScripts.await(
          "the append-only file",
          Duration.ofSeconds(10),
          log,
          () -> {
            try (var files = Files.walk(data)) {
              return files.anyMatch(p -> p.getFileName().toString().contains(".aof"));
            } catch (java.io.IOException e) {
              return false;
            }
          });
      assertThat(cli(port, ca, password, "CONFIG", "GET", "maxmemory-policy").output())
          .contains("noeviction");

      // A renewed certificate of the same CA replaces the files, as the kubelet does after the
      // Secret changed (here issued anew by dropping the old one); Redis serves it without a
      // restart.
      assertThat(TestCertificates.servedSerial(port, null)).isEqualTo(serial(tls.get("tls.crt")));
      var withoutRedis = new java.util.HashMap<>(issued);
      withoutRedis.remove(model.names().redisTlsSecret());
      var renewed =
          AppSecret.decode(
              GeneratedTls.desired(model, withoutRedis, Instant.now(), keys)
                  .get(model.names().redisTlsSecret()));
      assertThat(serial(renewed.get("tls.crt"))).isNotEqualTo(serial(tls.get("tls.crt")));
      Files.writeString(tlsDir.resolve("tls.key"), renewed.get("tls.key"));
      Files.writeString(tlsDir.resolve("tls.crt"), renewed.get("tls.crt"));
      PodScripts.await(
          "the renewed certificate",
          Duration.ofSeconds(20),
          log,
          () -> serial(renewed.get("tls.crt")).equals(TestCertificates.servedSerial(port, null)));
      assertThat(cli(port, ca, password, "PING").output().trim()).isEqualTo("PONG");
    }
  }

  private static String serial(String pem) {
    try {
      return GeneratedTls.parse(pem).getSerialNumber().toString(16).toUpperCase();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * redis-cli with the password in REDISCLI_AUTH, as the readiness probe passes it; over TLS
   * trusting {@code caFile}, or plain text when it is null.
   */
  private static PodScripts.Result cli(
      int port, String caFile, String password, String... command) {
    var args = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "" + port));
    if (caFile != null) {
      args.addAll(List.of("--tls", "--cacert", caFile));
    }
    args.addAll(List.of(command));
    return PodScripts.run(
        args,
        password == null ? Map.of() : Map.of("REDISCLI_AUTH", password),
        Duration.ofSeconds(10));
  }
}
