package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chart.yaml as Helm and Artifact Hub read it: the Kubernetes floor, where the sources are, and the
 * artifacthub.io annotations, whose images, CRD and example must stay those of the chart.
 */
class ChartMetadataTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The sample Artifact Hub shows as the CRD's example. */
  static final String CRD_EXAMPLE = "samples/quickstart.yaml";

  private final JsonNode chart = yaml(Chart.directory().resolve("Chart.yaml"));

  @Test
  void declaresTheKubernetesFloorAndWhereItComesFrom() {
    // The floor of README's compatibility table: CEL rules with reason and fieldPath (GA in 1.29).
    assertThat(chart.path("kubeVersion").asText()).isEqualTo(">=1.29.0-0");
    assertThat(chart.path("home").asText()).startsWith("https://github.com/suresoft/");
    assertThat(chart.path("sources")).isNotEmpty();
    assertThat(chart.path("sources").get(0).asText()).isEqualTo(chart.path("home").asText());
    assertThat(chart.path("maintainers")).isNotEmpty();
    assertThat(chart.path("maintainers").get(0).path("name").asText()).isNotBlank();
  }

  @Test
  void helmRefusesAClusterOlderThanTheFloor() {
    // helm-java templates for Kubernetes v1.20.0 (see Chart.renderableDirectory): the chart itself
    // is refused, as `helm install` refuses it on such a cluster.
    assertThatThrownBy(() -> Chart.helm().template().withName(Chart.RELEASE).call())
        .hasMessageContaining("chart requires kubeVersion: >=1.29.0-0")
        .hasMessageContaining("v1.20.0");
  }

  @Test
  void artifactHubAnnotations() {
    var annotations = chart.path("annotations");
    assertThat(annotations.path("artifacthub.io/operator").asText()).isEqualTo("true");
    assertThat(annotations.path("artifacthub.io/license").asText()).isEqualTo("Apache-2.0");
    var changes = yaml(annotations.path("artifacthub.io/changes").asText());
    assertThat(changes).isNotEmpty();
    changes.forEach(
        c -> {
          assertThat(c.path("kind").asText())
              .isIn("added", "changed", "deprecated", "removed", "fixed", "security");
          assertThat(c.path("description").asText()).isNotBlank();
        });
  }

  @Test
  void annotatedImagesAreTheOnesTheChartRuns() {
    var images = new ArrayList<String>();
    yaml(chart.path("annotations").path("artifacthub.io/images").asText())
        .forEach(i -> images.add(i.path("image").asText()));
    var objects = Chart.renderWithHooks(Map.of());
    String operator =
        Chart.one(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage();
    String test = Chart.one(objects, Pod.class).getSpec().getContainers().get(0).getImage();
    assertThat(images).containsExactly(operator, test);
  }

  @Test
  void annotatedCrdIsTheChartsCrdAndItsExampleASample() throws IOException {
    var crds = yaml(chart.path("annotations").path("artifacthub.io/crds").asText());
    var crd =
        yaml(
            Files.readString(
                Chart.directory()
                    .resolve("files")
                    .resolve("amsinstances.ams.suresoft.com-v1.yml")));
    assertThat(crds).hasSize(1);
    var entry = crds.get(0);
    assertThat(entry.path("name").asText()).isEqualTo(crd.path("metadata").path("name").asText());
    assertThat(entry.path("kind").asText())
        .isEqualTo(crd.path("spec").path("names").path("kind").asText());
    assertThat(entry.path("version").asText())
        .isEqualTo(crd.path("spec").path("versions").get(0).path("name").asText());
    assertThat(entry.path("displayName").asText()).isNotBlank();
    assertThat(entry.path("description").asText()).isNotBlank();

    var examples = yaml(chart.path("annotations").path("artifacthub.io/crdsExamples").asText());
    var sample = yaml(Chart.projectRoot().resolve(CRD_EXAMPLE));
    assertThat(examples).containsExactly(sample);
    assertThat(sample.path("apiVersion").asText())
        .isEqualTo(crd.path("spec").path("group").asText() + "/" + entry.path("version").asText());
  }

  private static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(file + " does not parse", e);
    }
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("does not parse: " + text, e);
    }
  }
}
