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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every GitHub workflow (and the pipeline example under samples/pipeline) parses, has triggers and
 * jobs with steps, uses only actions that exist (at a released version), and its shell steps are
 * valid bash naming files that exist; the e2e, release and security workflows do what
 * docs/development.md ("Workflows") says they do.
 */
class WorkflowsTest {
  /**
   * Actions known to exist, each pinned by the full commit SHA of a release (read from the action's
   * repository: the tag's commit), with that release. A tag can be moved to other code (as
   * trivy-action's were in March 2026); a commit cannot. Add one here after checking its SHA.
   */
  static final java.util.Map<String, String> KNOWN_ACTIONS =
      java.util.Map.ofEntries(
          java.util.Map.entry(
              "actions/checkout@11d5960a326750d5838078e36cf38b85af677262", "v4.4.0"),
          java.util.Map.entry(
              "actions/setup-java@cf277c60eb25467037889841efdb72551f06f6c3", "v4.9.1"),
          java.util.Map.entry(
              "azure/setup-helm@1a275c3b69536ee54be43f2070a358922e12c8d4", "v4.3.1"),
          java.util.Map.entry(
              "azure/setup-kubectl@776406bce94f63e41d621b960d78ee25c8b76ede", "v4.0.1"),
          java.util.Map.entry(
              "helm/kind-action@ef37e7f390d99f746eb8b610417061a60e82a6cc", "v1.14.0"),
          java.util.Map.entry(
              "docker/login-action@c94ce9fb468520275223c153574b00df6fe4bcc9", "v3.7.0"),
          java.util.Map.entry(
              "aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25", "v0.36.0"),
          java.util.Map.entry(
              "github/codeql-action/init@dd903d2e4f5405488e5ef1422510ee31c8b32357", "v3.36.2"),
          java.util.Map.entry(
              "github/codeql-action/analyze@dd903d2e4f5405488e5ef1422510ee31c8b32357", "v3.36.2"),
          java.util.Map.entry(
              "github/codeql-action/upload-sarif@dd903d2e4f5405488e5ef1422510ee31c8b32357",
              "v3.36.2"),
          java.util.Map.entry(
              "sigstore/cosign-installer@7e8b541eb2e61bf99390e1afd4be13a184e9ebc5", "v3.10.1"),
          java.util.Map.entry(
              "anchore/sbom-action@e22c389904149dbc22b58101806040fa8d37a610", "v0.24.0"));

  /** {@code owner/repo[/path]@<40 hex>}: an action pinned by commit. */
  private static final Pattern PINNED =
      Pattern.compile("^[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}$");

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
        .as("waits for the preview, promotes, waits for Ready and aborts with kubectl ams")
        .contains("kubectl ams status ams -n \"$NS\" --until paused --timeout 15m")
        .contains("kubectl ams promote ams -n \"$NS\"")
        .contains("kubectl ams status ams -n \"$NS\" --timeout 15m")
        .contains("kubectl ams abort ams -n \"$NS\"")
        .as("installed from the release archive, checked against its sha256")
        .contains("kubectl-ams.tar.gz")
        .contains("sha256sum -c kubectl-ams.tar.gz.sha256")
        // What it replaces: set image, rollout status, and the shell loops that polled.
        .doesNotContain("kubectl set image")
        .doesNotContain("rollout status")
        .doesNotContain("sleep")
        .doesNotContain("for _ in");
  }

  @Test
  void e2eRunsOnKindWithPoliciesAGatewayABackupBlueGreenAndAGatewayCanary() throws Exception {
    Path e2e = root().resolve(".github/workflows/e2e.yml");
    var workflow = yaml(e2e);
    var job = jobs(e2e).get("kind");
    assertThat(uses(job)).anyMatch(u -> u.startsWith("helm/kind-action@"));
    assertThat(uses(job)).anyMatch(u -> u.startsWith("azure/setup-helm@"));
    var kind =
        job.path("steps").findParents("uses").stream()
            .filter(step -> step.path("uses").asText().startsWith("helm/kind-action@"))
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
        .contains("helm push dist/ams-operator-*.tgz oci://ghcr.io/suresoft/charts")
        .as("kubectl ams: launcher, jar and LICENSE in one archive; the krew manifest rendered")
        .contains("mvn -B -ntp -pl operator/kubectl-plugin -am -DskipTests package")
        .contains("-czf dist/kubectl-ams.tar.gz kubectl-ams kubectl-ams.jar LICENSE")
        .contains("hack/krew-manifest.sh \"$GITHUB_REF_NAME\" \"$sha\" > dist/ams.yaml")
        .contains("dist/kubectl-ams.tar.gz dist/kubectl-ams.tar.gz.sha256 dist/ams.yaml");
    var on = on(yaml(root().resolve(".github/workflows/release.yml")));
    assertThat(on.at("/push/branches/0").asText()).isEqualTo("main");
    assertThat(on.at("/push/tags/0").asText()).isEqualTo("v*");
  }

  @Test
  void securityScansTheJibImageTarball() throws Exception {
    Path security = root().resolve(".github/workflows/security.yml");
    assertThat(runs(security, "image")).contains("jib:buildTar");
    assertThat(jobs(security).get("image").path("steps").findValuesAsText("input"))
        .contains("operator/core/target/jib-image.tar");
    assertThat(uses(jobs(security).get("codeql")))
        .anyMatch(u -> u.startsWith("github/codeql-action/analyze@"));
  }

  @Test
  void anUnknownActionIsRejected() throws Exception {
    var root = root();
    var broken = Files.createTempFile("workflow", ".yml");
    Files.writeString(
        broken,
        Files.readString(root.resolve(".github/workflows/ci.yml"))
            .replace(
                "actions/checkout@11d5960a326750d5838078e36cf38b85af677262",
                "actions/checkout-nonexistent@11d5960a326750d5838078e36cf38b85af677262"));
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(broken))
          .hasMessageContaining("checkout-nonexistent");
    } finally {
      Files.delete(broken);
    }
  }

  @Test
  void anActionByTagIsRejectedEvenAtAKnownRelease() throws Exception {
    var broken = Files.createTempFile("workflow", ".yml");
    Files.writeString(
        broken,
        Files.readString(root().resolve(".github/workflows/ci.yml"))
            .replace(
                "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0",
                "actions/checkout@v4.4.0"));
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(broken))
          .hasMessageContaining("pinned by a full commit SHA");
    } finally {
      Files.delete(broken);
    }
  }

  @Test
  void releaseSignsTheImageKeylessByDigestAndPublishesItsSbom() throws Exception {
    Path release = root().resolve(".github/workflows/release.yml");
    var job = jobs(release).get("publish");
    assertThat(job.at("/permissions/id-token").asText())
        .as("keyless signing needs the job's OIDC token")
        .isEqualTo("write");
    assertThat(uses(job))
        .anyMatch(u -> u.startsWith("sigstore/cosign-installer@"))
        .anyMatch(u -> u.startsWith("anchore/sbom-action@"));
    var sbom =
        job.path("steps").findParents("uses").stream()
            .filter(step -> step.path("uses").asText().startsWith("anchore/sbom-action@"))
            .findFirst()
            .orElseThrow();
    assertThat(sbom.at("/with/image").asText()).isEqualTo("${{ env.IMAGE_REF }}");
    assertThat(sbom.at("/with/format").asText()).isEqualTo("spdx-json");
    String steps = runs(release, "publish");
    assertThat(steps)
        .as("the pushed image by digest, as Jib wrote it")
        .contains(
            "IMAGE_REF=ghcr.io/suresoft/ams-operator@$(cat operator/core/target/jib-image.digest)")
        .as("signed without a key")
        .contains("cosign sign --yes \"$IMAGE_REF\"")
        .doesNotContain("--key")
        .as("the SBOM attached to the image and to the release")
        .contains("cosign attest --yes --type spdxjson --predicate ams-operator.spdx.json")
        .contains(
            "gh release create \"$GITHUB_REF_NAME\" dist/ams-operator-*.tgz ams-operator.spdx.json");
    // Signing comes after the push, the release after the SBOM.
    assertThat(steps.indexOf("cosign sign")).isGreaterThan(steps.indexOf("jib:build"));
    assertThat(steps.indexOf("gh release create")).isGreaterThan(steps.indexOf("cosign attest"));
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
          String uses = step.get("uses").asText();
          assertThat(uses).as("%s: action pinned by a full commit SHA", job).matches(PINNED);
          assertThat(KNOWN_ACTIONS).as("%s: action", job).containsKey(uses);
          // The release the SHA is, for the reader: "uses: <action>@<sha> # v1.2.3".
          assertThat(Files.readString(file))
              .as("%s: %s carries its version in a comment", job, uses)
              .contains(uses + " # " + KNOWN_ACTIONS.get(uses));
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
