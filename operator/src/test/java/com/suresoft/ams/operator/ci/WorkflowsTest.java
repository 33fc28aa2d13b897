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
 * Every GitHub workflow parses, has triggers and jobs with steps, uses only actions that exist (at
 * a released major version), and its shell steps are valid bash calling scripts that exist.
 */
class WorkflowsTest {
  /** Actions known to exist at these versions; add one here after checking it on GitHub. */
  static final Set<String> KNOWN_ACTIONS = Set.of("actions/checkout@v4", "actions/setup-java@v4");

  private static final Pattern SCRIPT = Pattern.compile("\\b(hack/[\\w./-]+\\.sh|\\.ci/run)\\b");

  @Test
  void everyWorkflowIsValid() throws Exception {
    var files = workflows();
    assertThat(files).as("workflows in .github/workflows").isNotEmpty();
    for (Path file : files) {
      check(file);
    }
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

  private static void check(Path file) throws IOException, InterruptedException {
    JsonNode workflow = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    String name = file.getFileName().toString();
    assertThat(workflow.path("name").asText()).as("%s: name", name).isNotBlank();
    // YAML 1.1 parsers read the key `on` as true.
    JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
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
    var matcher = SCRIPT.matcher(script);
    while (matcher.find()) {
      assertThat(root().resolve(matcher.group(1))).as("%s: script", job).exists();
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
