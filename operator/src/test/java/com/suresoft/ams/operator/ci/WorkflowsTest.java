package com.suresoft.ams.operator.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.suresoft.ams.operator.testing.RequiredProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every GitHub workflow (and the pipeline example under samples/pipeline) parses, has triggers and
 * jobs with steps, uses only actions that exist (at a released version), and its shell steps are
 * valid bash naming files that exist; the e2e, release and security workflows do what the README
 * says they do.
 */
class WorkflowsTest {
  /** Actions known to exist at these versions; add one here after checking it on GitHub. */
  static final Set<String> KNOWN_ACTIONS =
      Set.of(
          "actions/checkout@v4",
          "actions/setup-java@v4",
          "azure/setup-helm@v4",
          "azure/setup-kubectl@v4",
          "helm/kind-action@v1",
          "docker/login-action@v3",
          "aquasecurity/trivy-action@0.28.0",
          "github/codeql-action/init@v3",
          "github/codeql-action/analyze@v3",
          "github/codeql-action/upload-sarif@v3");

  /** Files of this repository that a step names: they must exist. */
  private static final Pattern REPOSITORY_FILE =
      Pattern.compile(
          "(?<![\\w/.-])(hack/[\\w./-]+|\\.ci/run|\\.github/e2e/[\\w./-]+|charts/[\\w./-]+"
              + "|samples/[\\w./-]+\\.ya?ml)(?![\\w/-])");

  @Test
  void everyWorkflowIsValid() throws Exception {
    var files = workflows();
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains("ci.yml", "security.yml", "release.yml", "e2e.yml");
    for (Path file : files) {
      check(file);
    }
  }

  @Test
  void thePipelineExampleIsAValidWorkflowThatReleasesThroughTheOperator() throws Exception {
    Path example = root().resolve("samples/pipeline/deploy-through-operator.yml");
    check(example);
    String steps = runs(example, "deploy");
    assertThat(steps)
        .contains("kubectl patch amsinstance ams")
        // {"spec":{"version":...}}, quoted for the shell.
        .containsPattern("spec\\\\?\":\\{\\\\?\"version")
        .contains("{.status.release.phase}")
        .contains("ams.suresoft.com/promote=")
        .contains("kubectl wait --for=condition=Ready amsinstance/ams")
        .contains("ams.suresoft.com/abort=")
        // What it replaces.
        .doesNotContain("kubectl set image")
        .doesNotContain("rollout status");
  }

  @Test
  void e2eRunsOnKindWithPoliciesAGatewayABackupBlueGreenAndAGatewayCanary() throws Exception {
    Path e2e = root().resolve(".github/workflows/e2e.yml");
    var workflow = yaml(e2e);
    var job = jobs(e2e).get("kind");
    assertThat(uses(job)).contains("helm/kind-action@v1", "azure/setup-helm@v4");
    var kind =
        job.path("steps").findParents("uses").stream()
            .filter(step -> step.path("uses").asText().equals("helm/kind-action@v1"))
            .findFirst()
            .orElseThrow();
    assertThat(kind.at("/with/version").asText())
        .as("kind pinned (>= 0.24 enforces policies)")
        .matches("v0\\.(2[4-9]|[3-9][0-9])\\.[0-9]+");
    assertThat(kind.at("/with/node_image").asText())
        .as("node image pinned")
        .matches("kindest/node:v1\\.[0-9]+\\.[0-9]+");
    assertThat(workflow.at("/env/ENVOY_GATEWAY_VERSION").asText()).matches("v[0-9.]+");
    assertThat(workflow.at("/env/GATEWAY_API_VERSION").asText()).matches("v[0-9.]+");
    String steps = runs(e2e, "kind");
    assertThat(steps)
        .as("image by Jib, loaded into kind")
        .contains("jib:dockerBuild")
        .contains("kind load docker-image")
        .as("a Gateway API implementation, pinned, and a Gateway")
        .contains("--version \"$ENVOY_GATEWAY_VERSION\"")
        .contains("bundle-version")
        .contains(".github/e2e/gateway.yaml")
        .as("install the chart")
        .contains("helm install ams-operator charts/ams-operator")
        .as("wait Ready, published by the HTTPRoute, the bucket Job done")
        .contains("kubectl wait --for=condition=Ready amsinstance/ams")
        .contains("httproute ams-route")
        .contains("app.kubernetes.io/component=buckets")
        .as("policies enforced: a probe from outside is dropped, the Gateway admitted")
        .contains("np-probe")
        .contains("gw-probe")
        .as("a backup run")
        .contains("--from=cronjob/ams-postgres-backup")
        .contains("--for=condition=Complete job/ams-backup-e2e")
        .as("blue-green: preview after the smoke check, promote, the selector flips")
        .contains("{.status.release.phase}'=Paused")
        .contains("app.kubernetes.io/component=smoke-check")
        .contains("kubectl ams promote ams")
        .contains("svc/ams-api-service")
        .contains("{.spec.selector.ams\\.suresoft\\.com/slot}'=\"$after\"")
        .as("Gateway API canary: HTTPRoute weights, the header rule, promote-full")
        .contains(".github/e2e/canary-gateway-api-patch.yaml")
        .contains("weight ams-api-canary")
        .contains("{.status.release.canaryHeader}")
        .contains("-H \"$canary_header\"")
        .doesNotContain("-H 'canary: true'")
        .contains("promote ams -n \"$NS\" --full")
        .doesNotContain("ingress-nginx");
    var patch = yaml(root().resolve(".github/e2e/canary-gateway-api-patch.yaml"));
    assertThat(patch.at("/spec/release/canary/trafficRouter").asText()).isEqualTo("GatewayAPI");
    assertThat(patch.at("/spec/release/canary/steps/0/setWeight").asInt()).isEqualTo(20);
    // The instance's parentRef names the Gateway the workflow creates, in its namespace.
    JsonNode parentRef =
        yaml(root().resolve(".github/e2e/ams-instance.yaml"))
            .at("/spec/ingress/gateway/parentRefs/0");
    try (var docs =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .<JsonNode>readValues(root().resolve(".github/e2e/gateway.yaml").toFile())) {
      List<JsonNode> gateways =
          docs.readAll().stream().filter(d -> d.path("kind").asText().equals("Gateway")).toList();
      assertThat(gateways)
          .anySatisfy(
              g -> {
                assertThat(g.at("/metadata/name").asText())
                    .isEqualTo(parentRef.path("name").asText());
                assertThat(g.at("/metadata/namespace").asText())
                    .isEqualTo(parentRef.path("namespace").asText());
                assertThat(g.at("/spec/listeners/0/name").asText())
                    .isEqualTo(parentRef.path("sectionName").asText());
              });
    }
  }

  @Test
  void theE2eInstanceIsValidAndBlueGreen() throws Exception {
    Path instance = root().resolve(".github/e2e/ams-instance.yaml");
    var out = new java.io.StringWriter();
    int exit =
        com.suresoft.ams.operator.cli.AmsOperatorCli.execute(
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(out),
            "validate",
            "-f",
            instance.toString());
    assertThat(exit).as("validate: %s", out).isZero();
    var spec = yaml(instance).path("spec");
    assertThat(spec.path("tier").asText()).isEqualTo("Development");
    assertThat(spec.at("/release/strategy").asText()).isEqualTo("BlueGreen");
    for (String component : List.of("web", "api", "worker", "database", "redis")) {
      assertThat(spec.path(component).path("image").asText()).as(component).isNotBlank();
    }
    assertThat(spec.at("/ingress/gateway/parentRefs/0/name").asText()).isEqualTo("public-gateway");
    assertThat(spec.at("/database/backup/enabled").asBoolean()).as("backup runs in e2e").isTrue();
  }

  @Test
  void releasePushesTheImageWithVersionAndCommitAndTheChartAsOci() throws Exception {
    String steps = runs(root().resolve(".github/workflows/release.yml"), "publish");
    assertThat(steps)
        .contains("jib:build")
        .contains("-Djib.to.tags=")
        .contains("image_tags=\"$version,$sha\"")
        .contains("helm package charts/ams-operator")
        .contains("helm push dist/ams-operator-*.tgz oci://ghcr.io/suresoft/charts");
    var on = on(yaml(root().resolve(".github/workflows/release.yml")));
    assertThat(on.at("/push/branches/0").asText()).isEqualTo("main");
    assertThat(on.at("/push/tags/0").asText()).isEqualTo("v*");
  }

  @Test
  void securityScansTheJibImageTarball() throws Exception {
    Path security = root().resolve(".github/workflows/security.yml");
    assertThat(runs(security, "image")).contains("jib:buildTar");
    assertThat(jobs(security).get("image").path("steps").findValuesAsText("input"))
        .contains("operator/target/jib-image.tar");
    assertThat(uses(jobs(security).get("codeql"))).contains("github/codeql-action/analyze@v3");
  }

  @Test
  void anUnknownActionIsRejected() throws Exception {
    var root = root();
    var broken = Files.createTempFile("workflow", ".yml");
    Files.writeString(
        broken,
        Files.readString(root.resolve(".github/workflows/ci.yml"))
            .replace("actions/checkout@v4", "actions/checkout-nonexistent@v9"));
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(broken))
          .hasMessageContaining("checkout-nonexistent");
    } finally {
      Files.delete(broken);
    }
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }

  /** The triggers: YAML 1.1 parsers read the key {@code on} as true. */
  private static JsonNode on(JsonNode workflow) {
    return workflow.has("on") ? workflow.get("on") : workflow.get("true");
  }

  private static java.util.Map<String, JsonNode> jobs(Path file) throws IOException {
    var result = new java.util.LinkedHashMap<String, JsonNode>();
    yaml(file).path("jobs").fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
    return result;
  }

  /** The shell steps of one job, in order, as one text. */
  private static String runs(Path file, String job) throws IOException {
    var body = jobs(file).get(job);
    assertThat(body).as("job %s in %s", job, file).isNotNull();
    return String.join("\n", body.path("steps").findValuesAsText("run"));
  }

  private static List<String> uses(JsonNode job) {
    return job.path("steps").findValuesAsText("uses");
  }

  private static void check(Path file) throws IOException, InterruptedException {
    JsonNode workflow = yaml(file);
    String name = file.getFileName().toString();
    assertThat(workflow.path("name").asText()).as("%s: name", name).isNotBlank();
    JsonNode on = on(workflow);
    assertThat(on).as("%s: triggers (on)", name).isNotNull();
    JsonNode jobs = workflow.path("jobs");
    assertThat(jobs.size()).as("%s: jobs", name).isPositive();
    for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) jobs::fields) {
      String job = name + "/" + entry.getKey();
      JsonNode body = entry.getValue();
      assertThat(body.path("runs-on").asText()).as("%s: runs-on", job).isNotBlank();
      assertThat(body.path("steps").size()).as("%s: steps", job).isPositive();
      for (JsonNode step : body.path("steps")) {
        if (step.has("uses")) {
          assertThat(step.get("uses").asText()).as("%s: action", job).isIn(KNOWN_ACTIONS);
        } else {
          assertThat(step.has("run")).as("%s: a step runs or uses something", job).isTrue();
          checkShell(job, step.get("run").asText());
        }
      }
    }
  }

  private static void checkShell(String job, String script)
      throws IOException, InterruptedException {
    var matcher = REPOSITORY_FILE.matcher(script);
    while (matcher.find()) {
      assertThat(root().resolve(matcher.group(1))).as("%s: file named", job).exists();
    }
    Path bash = RequiredProgram.require("bash");
    var process =
        new ProcessBuilder(bash.toString(), "-n", "-c", script).redirectErrorStream(true).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as("%s: bash -n: %s%n%s", job, out, script).isZero();
  }

  private static List<Path> workflows() throws IOException {
    var dir = root().resolve(".github").resolve("workflows");
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .toList());
    }
  }

  private static Path root() {
    return Path.of(System.getProperty("ams.projectRoot")).toAbsolutePath().normalize();
  }
}
