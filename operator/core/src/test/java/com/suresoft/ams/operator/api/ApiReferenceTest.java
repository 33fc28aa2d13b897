package com.suresoft.ams.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.clusterrules.CelRule;
import com.suresoft.ams.operator.api.ApiReferenceMarkdown.FieldRow;
import com.suresoft.ams.operator.validation.OfflineValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/api-reference.md is generated from the CRD; this keeps it current. Run with {@code
 * -Dams.updateDocs=true} (hack/update-crd.sh does) to rewrite the generated section instead.
 */
class ApiReferenceTest {

  static final String UPDATE_PROPERTY = "ams.updateDocs";
  static final String UPDATE_COMMAND =
      "hack/update-crd.sh (or: mvn -B test -Dtest=ApiReferenceTest -D" + UPDATE_PROPERTY + "=true)";

  private final ApiReferenceMarkdown reference =
      new ApiReferenceMarkdown(AmsInstanceCrd.fromClasspath());

  /** Where the generated reference lives, relative to the repository root. */
  static final String PAGE = "docs/api-reference.md";

  @Test
  void pageContainsTheCurrentApiReference() throws IOException {
    Path page = ProjectRoot.path().resolve(PAGE);
    String generated = reference.render();
    String text = Files.readString(page);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      text = GeneratedSection.API_REFERENCE.replace(text, generated);
      Files.writeString(page, text);
    }

    String expected = GeneratedSection.API_REFERENCE.wrap(generated);
    String actual = GeneratedSection.API_REFERENCE.extract(text);
    assertThat(actual.equals(expected))
        .withFailMessage(
            "%s's API reference (between %s and %s) is not what the CRD generates (%s)."
                + "%nFrom the repository root, rewrite it with: %s; then commit %s.",
            PAGE,
            GeneratedSection.API_REFERENCE.startMarker(),
            GeneratedSection.API_REFERENCE.endMarker(),
            FirstDifference.describe(actual, expected),
            UPDATE_COMMAND,
            PAGE)
        .isTrue();
  }

  @Test
  void everySpecFieldHasADescription() {
    List<String> undescribed =
        reference.specFields().stream()
            .filter(row -> row.description() == null || row.description().isBlank())
            .map(FieldRow::path)
            .toList();

    assertThat(reference.specFields()).isNotEmpty();
    assertThat(undescribed)
        .as("spec fields without a description (Javadoc/@JsonPropertyDescription)")
        .isEmpty();
  }

  @Test
  void listsEveryCelRuleWithItsMessage() {
    String markdown = reference.render();
    List<CelRule> rules = OfflineValidator.amsInstanceCelRules().rules();

    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            rule ->
                assertThat(markdown)
                    .contains(
                        "| `%s` | `%s` | %s |"
                            .formatted(
                                rule.schemaPath(),
                                rule.expression().replace("|", "\\|"),
                                rule.message())));
  }

  @Test
  void showsTypeAndBoundsOfAField() {
    FieldRow maxReplicas = row("spec.api.autoscaling.maxReplicas");

    assertThat(maxReplicas.type()).isEqualTo("`integer`");
    assertThat(maxReplicas.validation()).containsExactly("min 1", "max 1000");
    assertThat(row("spec.tier").validation())
        .containsExactly("required", "one of `Development`, `Local`, `Production`, `Staging`");
    assertThat(row("spec.release.canary.steps").validation())
        .contains("min items 1", "max items 50")
        .anyMatch(v -> v.startsWith("each item: CEL: "));
  }

  @Test
  void keepsKubernetesTypesToOneRow() {
    List<String> paths = reference.specFields().stream().map(FieldRow::path).toList();

    assertThat(row("spec.api.resources").type()).contains("ResourceRequirements");
    assertThat(row("spec.worker.env").type()).contains("EnvVar");
    assertThat(row("spec.imagePullSecrets").type()).contains("LocalObjectReference");
    assertThat(paths)
        .noneMatch(
            p -> p.contains(".resources.") || p.contains(".env[") || p.contains("Secrets[*]"))
        .noneMatch(p -> p.startsWith("status"));
  }

  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    GeneratedSection section = new GeneratedSection("<!-- s -->", "<!-- e -->");
    String page = "# Title\nintro\n<!-- s -->\nold\n<!-- e -->\nafter\n";

    String updated = section.replace(page, "new table\n");

    assertThat(updated).isEqualTo("# Title\nintro\n<!-- s -->\nnew table\n<!-- e -->\nafter\n");
    assertThat(section.extract(updated)).isEqualTo(section.wrap("new table"));
    assertThatThrownBy(() -> section.extract("# Title without markers\n"))
        .hasMessageContaining("<!-- s -->");
  }

  private FieldRow row(String path) {
    return reference.specFields().stream()
        .filter(row -> row.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + path));
  }
}
