package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.testing.Promtool;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's PrometheusRule (prometheusRule.enabled) as Prometheus reads it: {@code promtool check
 * rules} accepts it, and {@code promtool test rules}
 * (src/test/resources/promtool/operator-alerts-test.yaml) shows each alert firing and staying quiet
 * on synthetic series named as the operator exports them. Without promtool the tests skip, except
 * on CI (RequiredProgram).
 */
class OperatorAlertsPromtoolTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final List<String> ALERTS =
      List.of(
          "AmsOperatorDown",
          "AmsOperatorNoLeader",
          "AmsOperatorReconcileErrors",
          "AmsReleaseStuck",
          "AmsReleaseFailed");

  @TempDir Path dir;

  @Test
  void offByDefault() {
    assertThat(Chart.render(Map.of())).noneMatch(o -> o.getKind().equals("PrometheusRule"));
  }

  @Test
  void rendersTheAlertsWithTheirValues() {
    var rule =
        rule(
            Map.of(
                "prometheusRule.labels.release",
                "prometheus",
                "prometheusRule.releaseStuckFor",
                "2h",
                "prometheusRule.reconcileErrorRatio",
                "0.25"));
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(rules(groups(rule)))
        .extracting(r -> r.get("alert"))
        .containsExactlyElementsOf(ALERTS);
    assertThat(rules(groups(rule)))
        .filteredOn(r -> "AmsReleaseStuck".equals(r.get("alert")))
        .singleElement()
        .satisfies(r -> assertThat(r.get("for")).isEqualTo("2h"));
    assertThat(rules(groups(rule)))
        .filteredOn(r -> "AmsOperatorReconcileErrors".equals(r.get("alert")))
        .singleElement()
        .satisfies(r -> assertThat((String) r.get("expr")).endsWith("> 0.25"));
    // A share: helm's --set gives a decimal as a string, which the schema takes only as a share.
    assertThatThrownBy(() -> rule(Map.of("prometheusRule.reconcileErrorRatio", "1.5")))
        .hasMessageContaining("reconcileErrorRatio");
    assertThatThrownBy(() -> rule(Map.of("prometheusRule.reconcileErrorRatio", 2)))
        .hasMessageContaining("reconcileErrorRatio");
  }

  @Test
  void promtoolAcceptsTheRenderedRules() throws Exception {
    Path rules = writeRules(groups(rule(Map.of())));
    var result = promtool("check", "rules", rules.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
  }

  @Test
  void eachAlertFiresAndStaysQuietAsTheUnitTestsExpect() throws Exception {
    writeRules(groups(rule(Map.of())));
    var result = promtool("test", "rules", unitTests().toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** The unit tests check the PromQL, not just the plumbing: a weaker expression fails them. */
  @ParameterizedTest(name = "{0} as {1} fails the unit tests")
  @CsvSource(
      delimiter = '|',
      value = {
        // Any replica down instead of all of them.
        "AmsOperatorDown|min(up{job=\"ams-ams-operator-metrics\"}) < 1",
        // Not scoped to this release's job: another operator's leader hides a missing one.
        "AmsOperatorNoLeader|max(ams_operator_leader) < 1",
        // Failures counted without the attempts: every failure alerts.
        "AmsOperatorReconcileErrors|sum by (exported_namespace, name)"
            + " (rate(operator_sdk_reconciliations_failed_total[15m])) > 0",
        // Each phase timed on its own: a release moving from Migrating to Progressing resets.
        "AmsReleaseStuck|max by (exported_namespace, name, phase)"
            + " (ams_release_phase{phase=~\"Migrating|Progressing|Promoting\"}) == 1",
        "AmsReleaseFailed|max by (exported_namespace, name, phase)"
            + " (ams_release_phase{phase=\"Failed\"}) == 1"
      })
  void aWeakerExpressionFailsTheUnitTests(String alert, String expr) throws Exception {
    var groups = groups(rule(Map.of()));
    boolean found = false;
    for (var r : rules(groups)) {
      if (alert.equals(r.get("alert"))) {
        r.put("expr", expr);
        found = true;
      }
    }
    assertThat(found).as("alert %s is rendered", alert).isTrue();
    writeRules(groups);
    var result = promtool("test", "rules", unitTests().toString());
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(alert);
  }

  private static GenericKubernetesResource rule(Map<String, Object> values) {
    var withRule = new java.util.HashMap<String, Object>(values);
    withRule.put("prometheusRule.enabled", "true");
    return (GenericKubernetesResource) Chart.oneOfKind(Chart.render(withRule), "PrometheusRule");
  }

  /** The groups of the rendered PrometheusRule, as a deep copy that a test may change. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> groups(GenericKubernetesResource rule) {
    var spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    return JSON.unmarshal(
        new java.io.ByteArrayInputStream(
            JSON.asJson(spec.get("groups")).getBytes(StandardCharsets.UTF_8)),
        new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules(List<Map<String, Object>> groups) {
    var result = new ArrayList<Map<String, Object>>();
    groups.forEach(g -> result.addAll((List<Map<String, Object>>) g.get("rules")));
    return result;
  }

  private Path writeRules(List<Map<String, Object>> groups) throws IOException {
    return Files.writeString(
        dir.resolve("rules.yaml"), JSON.asYaml(Map.of("groups", groups)), StandardCharsets.UTF_8);
  }

  private Path unitTests() throws IOException {
    Path target = dir.resolve("operator-alerts-test.yaml");
    try (InputStream in = getClass().getResourceAsStream("/promtool/operator-alerts-test.yaml")) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private Promtool.Result promtool(String... args) throws Exception {
    return Promtool.run(dir, args);
  }
}
