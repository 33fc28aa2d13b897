package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's CRD is a template, so that "helm upgrade" upgrades it (Helm installs crds/ once and
 * never again), rendered from the copy of crd/ in files/ (CrdDriftTest keeps both equal to the
 * generated CRD).
 */
class ChartCrdTest {
  private static final String FILE = "amsinstances.ams.suresoft.com-v1.yml";

  @Test
  void rendersTheGeneratedCrdWithTheChartsLabelsAndKeptOnUninstall() throws Exception {
    var crd = Chart.one(Chart.render(Map.of()), CustomResourceDefinition.class);
    var generated =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(Chart.projectRoot().resolve("crd").resolve(FILE)),
                CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getName()).isEqualTo(generated.getMetadata().getName());
    // The whole schema, CEL rules and printer columns included; fabric8's model compares numbers
    // as numbers (the template's YAML writes 1000.0 as 1000).
    assertThat(crd.getSpec()).isEqualTo(generated.getSpec());
    assertThat(crd.getMetadata().getNamespace()).as("cluster-scoped").isNull();
    assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(crd.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm")
        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
  }

  @Test
  void extraAnnotationsJoinTheKeepPolicy() {
    var crd =
        Chart.one(
            Chart.render(
                Map.of("crds.annotations.argocd\\.argoproj\\.io/sync-options", "Prune=false")),
            CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false")
        .containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void keepOffLetsUninstallDeleteTheCrd() {
    var crd = Chart.one(Chart.render(Map.of("crds.keep", "false")), CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getAnnotations()).doesNotContainKey("helm.sh/resource-policy");
  }

  @Test
  void disabledRendersNoCrd() {
    var objects = Chart.render(Map.of("crds.enabled", "false"));
    assertThat(Chart.all(objects, CustomResourceDefinition.class)).isEmpty();
    assertThat(objects).noneMatch(o -> o.getKind().equals("CustomResourceDefinition"));
    // The operator itself is still there.
    assertThat(objects).anyMatch(o -> o.getKind().equals("Deployment"));
  }

  @Test
  void theChartHasNoCrdsDirectoryAndOneCopyOfTheCrd() throws Exception {
    // crds/ would make Helm install the CRD a second way, never upgraded.
    assertThat(Chart.directory().resolve("crds")).doesNotExist();
    try (var files = Files.list(Chart.directory().resolve("files"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(FILE);
    }
    assertThat(Files.readString(Chart.directory().resolve("files").resolve(FILE)))
        .isEqualTo(Files.readString(Chart.projectRoot().resolve("crd").resolve(FILE)));
  }
}
