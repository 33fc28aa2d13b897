package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl ams list}: one line per instance, in a namespace or in all. */
class ListIT {
  private static EmbeddedApiServer server;
  private static Cli cli;

  @BeforeAll
  static void start(@TempDir Path dir) {
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    KubernetesClient client = server.client("test");
    Instances.namespace(client, "shop");
    Instances.namespace(client, "blog");
    Instances.create(client, "shop", "ams", "1.1.0");
    Instances.writeStatus(client, "shop", "ams", Instances.canaryPaused(client, "shop", "ams"));
    Instances.create(client, "blog", "ams", "1.1.0");
    Instances.writeStatus(client, "blog", "ams", Instances.ready(client, "blog", "ams"));
    Instances.create(client, "blog", "fresh", "2.0.0");
    cli = new Cli(server.writeKubeconfig(dir.resolve("kubeconfig")).toString());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void allNamespacesOneLineEachWithPhaseVersionReleaseUrlAndAge() {
    var run = cli.run("list", "-A");
    assertThat(run.exit()).as("%s", run).isZero();
    var lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .matches("NAMESPACE\\s+NAME\\s+PHASE\\s+VERSION\\s+RELEASE\\s+URL\\s+AGE");
    assertThat(lines.get(1))
        .matches(
            "blog\\s+ams\\s+Ready\\s+1\\.1\\.0\\s+Stable\\s+https://ams\\.example\\.com\\s+\\d+s");
    assertThat(lines.get(2)).matches("blog\\s+fresh\\s+-\\s+2\\.0\\.0\\s+-\\s+-\\s+\\d+s");
    assertThat(lines.get(3))
        .matches(
            "shop\\s+ams\\s+Progressing\\s+1\\.1\\.0\\s+Paused \\(Canary 10% paused\\)"
                + "\\s+https://ams\\.example\\.com\\s+\\d+s");
  }

  @Test
  void oneNamespace() {
    var run = cli.run("list", "-n", "shop");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out().lines()).hasSize(2);
    assertThat(run.out()).contains("shop").doesNotContain("blog");
    var empty = cli.run("list", "-n", "nothing-here");
    assertThat(empty.exit()).isZero();
    assertThat(empty.err()).contains("No AmsInstances found in namespace nothing-here");
  }

  @Test
  void json() throws Exception {
    var run = cli.run("list", "-A", "-o", "json");
    assertThat(run.exit()).as("%s", run).isZero();
    var items = new ObjectMapper().readTree(run.out()).path("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).path("namespace").asText()).isEqualTo("blog");
    assertThat(items.get(0).path("phase").asText()).isEqualTo("Ready");
    assertThat(items.get(2).at("/release/phase").asText()).isEqualTo("Paused");
  }

  @Test
  void allNamespacesAndANamespaceAreAUsageError() {
    var run = cli.run("list", "-A", "-n", "shop");
    assertThat(run.exit()).isEqualTo(64);
  }
}
