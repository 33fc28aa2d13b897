package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin against the real operator ({@link AmsOperator}, as {@code run} wires it) on the
 * in-process API server with the controller simulator: status waits for Ready and for the preview,
 * promote waits for the operator's answer and fails with its Event when it was ignored.
 */
class ReleaseActionIT {
  private static EmbeddedApiServer server;
  private static ControllerSimulator simulator;
  private static KubernetesClient operatorClient;
  private static AmsOperator operator;
  private static KubernetesClient user;
  private static Cli cli;

  @BeforeAll
  static void start(@TempDir Path dir) {
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    simulator = ControllerSimulator.start(server);
    operatorClient = server.client("ams-operator");
    operator =
        new AmsOperator(
            operatorClient,
            AmsOperator.Settings.builder().resyncInterval(Duration.ofMillis(500)).build());
    operator.start();
    user = server.client("kubectl");
    Instances.namespace(user, "ams");
    cli = new Cli(server.writeKubeconfig(dir.resolve("kubeconfig")).toString());
  }

  @AfterAll
  static void stop() {
    operator.close();
    operatorClient.close();
    simulator.close();
    server.close();
  }

  private static void create(String name) {
    String yaml =
        """
        apiVersion: ams.suresoft.com/v1alpha1
        kind: AmsInstance
        metadata:
          name: %s
          namespace: ams
        spec:
          tier: Development
          version: "1.0.0"
          ingress:
            host: %s.example.com
          release:
            strategy: BlueGreen
            blueGreen: {previewService: true, scaleDownDelaySeconds: 2}
        """
            .formatted(name, name);
    user.resource(new KubernetesSerialization().unmarshal(yaml, AmsInstance.class)).create();
  }

  private static AmsInstance instance(String name) {
    return user.resources(AmsInstance.class).inNamespace("ams").withName(name).get();
  }

  @Test
  void aBlueGreenReleaseWaitedForAndPromotedWithThePlugin() {
    create("ams");
    var ready = cli.run("status", "ams", "-n", "ams", "--timeout", "2m");
    assertThat(ready.exit()).as("%s", ready).isZero();
    assertThat(ready.out()).startsWith("ams/ams  Ready");

    user.resources(AmsInstance.class)
        .inNamespace("ams")
        .withName("ams")
        .edit(
            i -> {
              i.getSpec().setVersion("1.1.0");
              return i;
            });
    var preview = cli.run("status", "ams", "-n", "ams", "--until", "paused", "--timeout", "2m");
    assertThat(preview.exit()).as("%s", preview).isZero();
    assertThat(preview.err()).contains("the release of 1.1.0 waits for a promote");

    var promote = cli.run("promote", "ams", "-n", "ams");
    assertThat(promote.exit()).as("%s", promote).isZero();
    assertThat(promote.out())
        .contains("promote requested for ams/ams (ams.suresoft.com/promote=")
        .contains("promote handled by the operator; release ");
    String token = instance("ams").getMetadata().getAnnotations().get("ams.suresoft.com/promote");
    assertThat(instance("ams").getStatus().getRelease().getHandledActions())
        .containsEntry("promote", token);

    var done = cli.run("status", "ams", "-n", "ams", "--timeout", "2m");
    assertThat(done.exit()).as("%s", done).isZero();
    assertThat(instance("ams").getStatus().getRelease().getStableVersion()).isEqualTo("1.1.0");
  }

  @Test
  void aPromoteTheOperatorIgnoresFailsWithItsEvent() {
    create("idle");
    var ready = cli.run("status", "idle", "-n", "ams", "--timeout", "2m");
    assertThat(ready.exit()).as("%s", ready).isZero();

    var promote = cli.run("promote", "idle", "-n", "ams");
    assertThat(promote.exit()).as("%s", promote).isEqualTo(1);
    assertThat(promote.err())
        .contains(
            "promote ignored by the operator (ActionIgnored): promote has no effect while the"
                + " release is Stable");

    // Another action's Event is not this one's: promote-full is answered on its own.
    var full = cli.run("promote", "idle", "-n", "ams", "--full");
    assertThat(full.exit()).as("%s", full).isEqualTo(1);
    assertThat(full.err()).contains("(ActionIgnored): promote-full has no effect");
  }
}
