package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The action commands when no operator answers: a timeout, or --no-wait. */
class NoOperatorIT {
  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private static Cli cli;

  @BeforeAll
  static void start(@TempDir Path dir) {
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    client = server.client("test");
    Instances.namespace(client, "ams");
    Instances.create(client, "ams", "ams", "1.1.0");
    cli = new Cli(server.writeKubeconfig(dir.resolve("kubeconfig")).toString());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String annotation(String key) {
    return client
        .resources(AmsInstance.class)
        .inNamespace("ams")
        .withName("ams")
        .get()
        .getMetadata()
        .getAnnotations()
        .get("ams.suresoft.com/" + key);
  }

  @Test
  void anActionNobodyHandlesTimesOutWithExitTwo() {
    var run = cli.run("abort", "ams", "-n", "ams", "--timeout", "1s");
    assertThat(run.exit()).as("%s", run).isEqualTo(2);
    assertThat(run.out()).contains("abort requested for ams/ams");
    assertThat(run.err())
        .contains("the operator has not handled ams.suresoft.com/abort=")
        .contains("within 1s");
    assertThat(annotation("abort")).isNotBlank();
  }

  @Test
  void noWaitSetsTheTokenAndExits() {
    var run = cli.run("retry", "ams", "-n", "ams", "--no-wait");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("retry requested for ams/ams (ams.suresoft.com/retry=");
    assertThat(run.out()).contains(annotation("retry"));
  }

  @Test
  void anActionOnAnInvalidSpecFailsAtOnce() {
    Instances.create(client, "ams", "broken", "1.1.0");
    Instances.writeStatus(client, "ams", "broken", Instances.invalid(client, "ams", "broken"));
    var run = cli.run("promote", "broken", "-n", "ams", "--timeout", "30s");
    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    assertThat(run.err())
        .contains("promote not handled: the spec is invalid")
        .contains("spec.api.replicas: must be at least 1");
  }
}
