package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.testing.SortedKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's commands as a user runs them. */
class CliIT {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = AmsOperatorCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"production-gateway-api", "release-canary-gateway-api"})
  void renderOfAGatewaySamplePrintsItsHttpRouteAndNoIngress(String sample) {
    var file = TestInstances.projectRoot().resolve("samples/" + sample + ".yaml").toString();
    // With the platform settings the operator runs with (the chart's default Prometheus).
    var run = run("render", "-f", file, "--allowed-prometheus-urls=" + TestPlatforms.PROMETHEUS);
    assertThat(run.exit()).as(run.err()).isZero();
    var docs = java.util.Arrays.stream(run.out().split("(?m)^---$")).toList();
    assertThat(docs).noneMatch(doc -> doc.contains("kind: \"Ingress\""));
    var route =
        docs.stream().filter(doc -> doc.contains("kind: \"HTTPRoute\"")).findFirst().orElseThrow();
    assertThat(route)
        .contains("apiVersion: \"gateway.networking.k8s.io/v1\"", "name: \"ams-route\"")
        .contains("name: \"public-gateway\"", "namespace: \"gateway-system\"")
        .contains("sectionName: \"https\"", "- \"ams.suresoft.com\"")
        .contains("name: \"ams-api-stable\"", "name: \"ams-web-stable\"");
    assertThat(docs).anyMatch(doc -> doc.contains("name: \"ams-api-stable\""));
  }

  @Test
  void renderPrintsEveryObjectWithSecretValuesMasked() throws Exception {
    var sample = TestInstances.projectRoot().resolve("samples/production.yaml").toString();
    var run = run("render", "-f", sample);
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("name: \"ams-secrets\"", "name: \"ams-api-blue\"", "name: \"ams-ingress\"")
        .contains(RenderCommand.MASK);
    // The Secret carries masked stringData only (other kinds, e.g. the dashboard ConfigMap, have
    // data of their own).
    var secret =
        java.util.Arrays.stream(run.out().split("(?m)^---$"))
            .filter(doc -> doc.contains("kind: \"Secret\""))
            .findFirst()
            .orElseThrow();
    assertThat(secret).doesNotContainPattern("(?m)^data:");
  }

  @Test
  void renderRefusesAnInvalidInstanceNamingTheField() throws Exception {
    var file = Files.createTempFile("bad", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: ams.suresoft.com/v1alpha1
        kind: AmsInstance
        metadata: {name: ams, namespace: ams}
        spec:
          tier: Production
          version: "1.0.0"
          api: {autoscaling: {minReplicas: 5, maxReplicas: 4}}
        """);
    var run = run("render", "-f", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("spec.api.autoscaling.maxReplicas")
        .contains("spec.ingress.host");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void renderPrintsTheSameTextInEveryRun() throws Exception {
    // Sorted keys at every level: nothing in the text depends on a JVM's map iteration order.
    var sample = TestInstances.projectRoot().resolve("samples/production.yaml").toString();
    var run = run("render", "-f", sample);
    assertThat(run.exit()).isZero();
    try (var documents =
        new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(run.out())) {
      int count = 0;
      while (documents.hasNext()) {
        assertThat(SortedKeys.unsorted(documents.next())).isEmpty();
        count++;
      }
      assertThat(count).isGreaterThan(20);
    }
  }
}
