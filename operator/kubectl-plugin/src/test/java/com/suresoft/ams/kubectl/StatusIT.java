package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl ams status} against the in-process API server, with statuses written as the
 * operator writes them: what it shows in each format, and its exit codes with {@code --timeout}.
 */
class StatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private static Cli cli;

  @BeforeAll
  static void start(@TempDir Path dir) {
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    client = server.client("test");
    Instances.namespace(client, "shop");
    Instances.namespace(client, "blog");
    Instances.create(client, "shop", "paused", "1.1.0");
    Instances.writeStatus(
        client, "shop", "paused", Instances.canaryPaused(client, "shop", "paused"));
    Instances.create(client, "shop", "ready", "1.1.0");
    Instances.writeStatus(client, "shop", "ready", Instances.ready(client, "shop", "ready"));
    Instances.create(client, "blog", "invalid", "1.1.0");
    Instances.writeStatus(client, "blog", "invalid", Instances.invalid(client, "blog", "invalid"));
    cli = new Cli(server.writeKubeconfig(dir.resolve("kubeconfig")).toString());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tableShowsComponentsUrlReleaseWeightAndConditions() {
    var run = cli.run("status", "paused", "-n", "shop");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out())
        .startsWith("shop/paused  Progressing  ready 5/6\n")
        .contains("  version    1.1.0\n")
        .contains("  url        https://paused.example.com\n")
        .containsPattern("components\n\\s+NAME\\s+READY\\s+VERSION\n")
        .containsPattern("\\n\\s+api\\s+1/1\\s+1\\.0\\.0\\n")
        .containsPattern("\\n\\s+worker\\s+0/1\\s+-\\n")
        .contains("strategy   Canary via Istio")
        .contains("phase      Paused  (Canary 10% paused)")
        .contains("step       2/3")
        .contains("weight     10% routed to the candidate")
        .contains("stable     1.0.0 in slot blue")
        .contains("candidate  1.1.0 in slot green")
        .contains("message    step 2/3: paused at 10%, waiting for promote")
        .containsPattern("\\n\\s+TYPE\\s+STATUS\\s+REASON\\s+MESSAGE\\n")
        .containsPattern(
            "\\n\\s+Ready\\s+False\\s+Releasing\\s+releasing 1\\.1\\.0: Canary 10% paused\\n");
  }

  @Test
  void jsonCarriesTheSameFieldsAndTheVerdict() throws Exception {
    var run = cli.run("status", "paused", "-n", "shop", "-o", "json");
    assertThat(run.exit()).as("%s", run).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("name").asText()).isEqualTo("paused");
    assertThat(doc.path("namespace").asText()).isEqualTo("shop");
    assertThat(doc.path("version").asText()).isEqualTo("1.1.0");
    assertThat(doc.path("phase").asText()).isEqualTo("Progressing");
    assertThat(doc.path("url").asText()).isEqualTo("https://paused.example.com");
    assertThat(doc.at("/components/worker/ready").asText()).isEqualTo("0/1");
    assertThat(doc.at("/components/api/version").asText()).isEqualTo("1.0.0");
    assertThat(doc.at("/release/phase").asText()).isEqualTo("Paused");
    assertThat(doc.at("/release/canaryWeight").asInt()).isEqualTo(10);
    assertThat(doc.at("/conditions/0/type").asText()).isEqualTo("Ready");
    assertThat(doc.at("/conditions/0/reason").asText()).isEqualTo("Releasing");
    assertThat(doc.at("/verdict/state").asText()).isEqualTo("WAITING");
  }

  @Test
  void yamlCarriesTheSameFields() throws Exception {
    var run = cli.run("status", "ready", "-n", "shop", "-o", "yaml");
    assertThat(run.exit()).as("%s", run).isZero();
    JsonNode doc = YAML.readTree(run.out());
    assertThat(doc.path("name").asText()).isEqualTo("ready");
    assertThat(doc.path("phase").asText()).isEqualTo("Ready");
    assertThat(doc.path("url").asText()).isEqualTo("https://ready.example.com");
    assertThat(doc.at("/components/web/ready").asText()).isEqualTo("1/1");
    assertThat(doc.at("/release/stableVersion").asText()).isEqualTo("1.1.0");
    assertThat(doc.at("/verdict/state").asText()).isEqualTo("DONE");
  }

  @Test
  void allNamespacesAsAJsonList() throws Exception {
    var run = cli.run("status", "-A", "-o", "json");
    assertThat(run.exit()).as("%s", run).isZero();
    JsonNode items = JSON.readTree(run.out()).path("items");
    assertThat(items.findValuesAsText("name")).contains("invalid", "paused", "ready");
    assertThat(items.findValuesAsText("namespace")).contains("blog", "shop");

    var table = cli.run("status", "-n", "shop");
    assertThat(table.out()).contains("shop/paused  Progressing").contains("shop/ready  Ready");
    assertThat(table.out()).doesNotContain("blog/invalid");
  }

  @Test
  void timeoutExitsZeroWhenReady() {
    var run = cli.run("status", "ready", "-n", "shop", "--timeout", "10s");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).startsWith("shop/ready  Ready");
    assertThat(run.err()).contains("done: shop/ready: Ready=True Ready");
  }

  @Test
  void timeoutExitsOneAtOnceWhenTheSpecIsInvalid() {
    long started = System.nanoTime();
    var run = cli.run("status", "invalid", "-n", "blog", "--timeout", "30s");
    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    assertThat(run.err())
        .contains("failed: blog/invalid: Ready=False InvalidSpec: spec.api.replicas");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void timeoutExitsTwoWhenNothingHappens() {
    long started = System.nanoTime();
    var run = cli.run("status", "paused", "-n", "shop", "--timeout", "1s");
    assertThat(run.exit()).as("%s", run).isEqualTo(2);
    assertThat(run.err())
        .contains("timed out after 1s waiting: shop/paused: Ready=False Releasing");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(1));
    assertThat(run.out()).as("the last state seen").startsWith("shop/paused  Progressing");
  }

  @Test
  void untilPausedEndsAtThePause() {
    var run = cli.run("status", "paused", "-n", "shop", "--until", "paused", "--timeout", "5s");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.err()).contains("the release of 1.1.0 waits for a promote");
  }

  @Test
  void aReadyStatusOfTheOldGenerationDoesNotEndTheWait() {
    Instances.create(client, "shop", "edited", "1.1.0");
    Instances.writeStatus(client, "shop", "edited", Instances.ready(client, "shop", "edited"));
    client
        .resources(AmsInstance.class)
        .inNamespace("shop")
        .withName("edited")
        .edit(
            i -> {
              i.getSpec().setVersion("1.2.0");
              return i;
            });
    var run = cli.run("status", "edited", "-n", "shop", "--timeout", "1s");
    assertThat(run.exit()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("has not reported on generation 2");
  }

  @Test
  void waitsOnAWatchAndEndsWhenTheInstanceBecomesReady() throws Exception {
    Instances.create(client, "shop", "moving", "1.1.0");
    Instances.writeStatus(
        client, "shop", "moving", Instances.canaryPaused(client, "shop", "moving"));
    long mark = server.requestLog().mark();
    var waiting = cli.start("status", "moving", "-n", "shop", "--timeout", "30s");
    Thread.sleep(1500);
    assertThat(waiting).isNotDone();
    Instances.writeStatus(client, "shop", "moving", Instances.ready(client, "shop", "moving"));
    var run = waiting.get(20, TimeUnit.SECONDS);
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).startsWith("shop/moving  Ready");
    // One list and one watch, whatever the time it waited: no polling.
    var reads =
        server.requestLog().since(mark).stream()
            .filter(r -> !r.actor().equals("test"))
            .filter(r -> r.resource().equals("ams.suresoft.com/amsinstances"))
            .filter(r -> r.method().equals("GET"))
            .toList();
    assertThat(reads).filteredOn(r -> r.isWatch()).hasSize(1);
    assertThat(reads).filteredOn(r -> !r.isWatch()).hasSize(1);
  }

  @Test
  void watchPrintsEachChange() throws Exception {
    Instances.create(client, "shop", "watched", "1.1.0");
    Instances.writeStatus(
        client, "shop", "watched", Instances.canaryPaused(client, "shop", "watched"));
    var watching = cli.start("status", "watched", "-n", "shop", "-w", "--watch-limit", "2");
    Thread.sleep(1500);
    assertThat(watching).isNotDone();
    Instances.writeStatus(client, "shop", "watched", Instances.ready(client, "shop", "watched"));
    var run = watching.get(20, TimeUnit.SECONDS);
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("shop/watched  Progressing  ready 5/6");
    assertThat(run.out().indexOf("shop/watched  Ready  ready 3/3"))
        .isGreaterThan(run.out().indexOf("shop/watched  Progressing"));
  }

  @Test
  void anUnknownNameFailsAndANameAcrossAllNamespacesIsAUsageError() {
    var missing = cli.run("status", "nope", "-n", "shop");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("AmsInstance nope not found in namespace shop");
    var across = cli.run("status", "ready", "-A");
    assertThat(across.exit()).isEqualTo(64);
    assertThat(across.err()).contains("use -n instead of -A");
  }

  @Test
  void theNamespaceAndContextComeFromTheKubeconfigAsKubectlTakesThem(@TempDir Path dir)
      throws Exception {
    // Two contexts on the same server: the current one in namespace blog, the other in shop.
    String yaml =
        server
            .kubeconfigYaml()
            .replace("    namespace: default\n", "    namespace: blog\n")
            .replace(
                "current-context: ams-embedded",
                "- name: shop\n  context:\n    cluster: ams-embedded\n    user: ams-embedded\n"
                    + "    namespace: shop\ncurrent-context: ams-embedded");
    var file = java.nio.file.Files.writeString(dir.resolve("two-contexts"), yaml);
    var inBlog = new Cli(file.toString()).run("status", "invalid");
    assertThat(inBlog.exit()).as("%s", inBlog).isZero();
    assertThat(inBlog.out()).startsWith("blog/invalid  Failed");
    var inShop = new Cli(file.toString()).run("status", "ready", "--context", "shop");
    assertThat(inShop.exit()).as("%s", inShop).isZero();
    assertThat(inShop.out()).startsWith("shop/ready  Ready");
    var overridden = new Cli(file.toString()).run("status", "ready", "-n", "shop");
    assertThat(overridden.exit()).as("%s", overridden).isZero();
  }
}
