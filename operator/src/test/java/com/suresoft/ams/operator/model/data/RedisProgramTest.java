package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import com.suresoft.ams.operator.testing.RequiredProgram;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact Redis entrypoint and redis.conf the operator ships, run against redis-server. */
class RedisProgramTest {

  @Test
  void redisRunsWithAppendOnlyAndRequiresTheSecretsPassword() throws Exception {
    RequiredProgram.require("redis-server");
    RequiredProgram.require("redis-cli");
    var model = InstanceModel.of(TestInstances.sample("production"));
    var secret =
        AppSecret.decode(AppSecret.desired(model, Map.of(), new SecureRandomSecretValues()));
    try (var pods = new PodScripts()) {
      var config = pods.configDir("config", RedisServer.configMap(model).getData());
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
                      "DATA_DIR", data.toString())));
      // Optional inputs of the script, defaults 6379 and all addresses in the pod.
      env.put("REDIS_PORT", Integer.toString(port));
      env.put("REDIS_BIND", "127.0.0.1");
      var log = pods.dir("logs").resolve("redis.log");
      pods.start(config.resolve(RedisServer.ENTRYPOINT), env, log);
      String password = secret.get("redis-password");
      PodScripts.await(
          "redis-server",
          Duration.ofSeconds(20),
          log,
          () -> cli(port, password, "PING").output().trim().equals("PONG"));

      var anonymous = cli(port, null, "SET", "k", "v");
      assertThat(anonymous.output()).contains("NOAUTH");
      var wrong = cli(port, "not-the-password", "PING");
      assertThat(wrong.output()).doesNotContain("PONG");

      assertThat(cli(port, password, "CONFIG", "GET", "appendonly").output())
          .contains("appendonly\nyes");
      assertThat(cli(port, password, "SET", "job:1", "queued").output().trim()).isEqualTo("OK");
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
      assertThat(cli(port, password, "CONFIG", "GET", "maxmemory-policy").output())
          .contains("noeviction");
    }
  }

  /** redis-cli with the password in REDISCLI_AUTH, as the readiness probe passes it. */
  private static PodScripts.Result cli(int port, String password, String... command) {
    var args = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "" + port));
    args.addAll(List.of(command));
    return PodScripts.run(
        args,
        password == null ? Map.of() : Map.of("REDISCLI_AUTH", password),
        Duration.ofSeconds(10));
  }
}
