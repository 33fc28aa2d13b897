package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * charts/ams-operator/README.md carries the table of values that {@link ValuesDoc} generates from
 * values.yaml's comments, between two markers; the rest is hand-written. Run with {@code
 * -Dams.updateDocs=true} (hack/update-crd.sh does) to rewrite the table instead.
 */
class ChartReadmeTest {
  static final String UPDATE_PROPERTY = "ams.updateDocs";
  static final String START = "<!-- values:start -->";
  static final String END = "<!-- values:end -->";

  @Test
  void readmeHasTheTableTheValuesCommentsMake() throws IOException {
    Path readme = Chart.directory().resolve("README.md");
    String table = ValuesDoc.markdown(values().rows());
    String text = Files.readString(readme);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("%s in %s", START, readme).isNotNegative();
    assertThat(end).as("%s after %s", END, START).isGreaterThan(start);
    String expected = "\n" + table;
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      text = text.substring(0, start + START.length()) + expected + text.substring(end);
      Files.writeString(readme, text);
      end = text.indexOf(END);
    }
    String actual = text.substring(start + START.length(), end);
    assertThat(actual.equals(expected))
        .withFailMessage(
            "charts/ams-operator/README.md's table of values is not what values.yaml's comments"
                + " make.%nExpected:%n%s%nFrom the repository root, rewrite it with:"
                + " hack/update-crd.sh (or: mvn -B test -Dtest=ChartReadmeTest -D%s=true); then"
                + " commit charts/ams-operator/README.md.",
            expected, UPDATE_PROPERTY)
        .isTrue();
  }

  @Test
  void everyValueIsDocumented() throws IOException {
    var doc = values();
    assertThat(doc.undocumented())
        .as("values without a '# --' comment on them or on a map above them")
        .isEmpty();
    assertThat(doc.rows())
        .extracting(ValuesDoc.Row::key)
        .contains(
            "crds.enabled",
            "crds.keep",
            "image.digest",
            "podDisruptionBudget",
            "topologySpreadConstraints",
            "prometheusRule.enabled",
            "tests.image.repository");
  }

  @Test
  void generatorFollowsTheHelmDocsConvention() {
    var doc =
        ValuesDoc.parse(
            """
            # A note for the reader, not for the table.
            # -- The first line,
            # and its continuation.
            name: ""
            image:
              # -- (list) A null whose type the comment names.
              allowed: null
              # -- A | pipe.
              port: 8080
            # -- A documented map is one row and documents its keys.
            resources:
              requests:
                cpu: 100m
            spread:
              - maxSkew: 1
                topologyKey: zone
            plain: true
            """);
    assertThat(doc.rows())
        .containsExactly(
            new ValuesDoc.Row("name", "string", "\"\"", "The first line, and its continuation."),
            new ValuesDoc.Row(
                "image.allowed", "list", "null", "A null whose type the comment names."),
            new ValuesDoc.Row("image.port", "int", "8080", "A | pipe."),
            new ValuesDoc.Row(
                "resources",
                "object",
                "{\"requests\":{\"cpu\":\"100m\"}}",
                "A documented map is one row and documents its keys."));
    // A list's items are its value, not keys; what no comment covers is reported.
    assertThat(doc.undocumented()).containsExactly("spread", "plain");
    assertThat(ValuesDoc.markdown(doc.rows()))
        .contains("| `image.port` | int | `8080` | A \\| pipe. |")
        .contains("| `name` | string | `\"\"` | The first line, and its continuation. |");
  }

  private static ValuesDoc.Result values() throws IOException {
    return ValuesDoc.parse(Files.readString(Chart.directory().resolve("values.yaml")));
  }
}
