package com.suresoft.ams.operator.model.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.testing.Promtool;
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
 * The rendered PrometheusRule as Prometheus sees it: {@code promtool check rules} accepts it, and
 * {@code promtool test rules} (src/test/resources/promtool/alerts-test.yaml) shows each alert
 * firing and staying quiet on synthetic series. Putting back the seed's expression of any alert
 * makes those unit tests fail, so they check the PromQL and not just the plumbing.
 */
class AlertRulesPromtoolTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @TempDir Path dir;

  private final InstanceModel production = InstanceModel.of(TestInstances.sample("production"));

  @Test
  void promtoolAcceptsTheRenderedRules() throws Exception {
    Path rules = writeRules(renderedGroups());
    var result = promtool("check", "rules", rules.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 3 rules found");
  }

  @Test
  void eachAlertFiresAndStaysQuietAsTheUnitTestsExpect() throws Exception {
    writeRules(renderedGroups());
    var result = promtool("test", "rules", unitTests().toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void everyDashboardQueryIsValidPromql() throws Exception {
    // promtool parses recording rules' expressions; one rule per dashboard query.
    var rules = new ArrayList<Map<String, Object>>();
    int i = 0;
    for (var row : Dashboard.rows(production)) {
      for (var panel : row.panels()) {
        for (var query : panel.queries()) {
          rules.add(Map.of("record", "ams:dashboard_query_" + i++, "expr", query.expr()));
        }
      }
    }
    Path file = writeRules(List.of(Map.of("name", "dashboard", "rules", rules)));
    var result = promtool("check", "rules", file.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + i + " rules found");
  }

  @ParameterizedTest(name = "{0} with the seed''s expression fails the unit tests")
  @CsvSource(
      delimiter = '|',
      value = {
        "HighErrorRate|rate(http_requests_total{status_code=~\"5..\"}[5m]) > 0.05",
        "HighResponseTime|histogram_quantile(0.95, http_request_duration_seconds) > 1",
        "DatabaseConnectionPoolExhausted|pg_stat_activity_count > 90"
      })
  void theSeedsExpressionFailsTheUnitTests(String alert, String seedExpr) throws Exception {
    var groups = renderedGroups();
    replaceExpr(groups, alert, seedExpr);
    writeRules(groups);
    var result = promtool("test", "rules", unitTests().toString());
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(alert);
  }

  /** The groups of the PrometheusRule exactly as the operator applies it. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> renderedGroups() {
    var rule = AlertRules.desired(production).orElseThrow();
    var spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    // A deep copy, so that a test may change it.
    return JSON.unmarshal(
        new java.io.ByteArrayInputStream(
            JSON.asJson(spec.get("groups")).getBytes(StandardCharsets.UTF_8)),
        new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
  }

  @SuppressWarnings("unchecked")
  private static void replaceExpr(List<Map<String, Object>> groups, String alert, String expr) {
    boolean found = false;
    for (var group : groups) {
      for (var rule : (List<Map<String, Object>>) group.get("rules")) {
        if (alert.equals(rule.get("alert"))) {
          rule.put("expr", expr);
          found = true;
        }
      }
    }
    assertThat(found).as("alert " + alert + " is rendered").isTrue();
  }

  private Path writeRules(List<Map<String, Object>> groups) throws IOException {
    return Files.writeString(
        dir.resolve("rules.yaml"), JSON.asYaml(Map.of("groups", groups)), StandardCharsets.UTF_8);
  }

  private Path unitTests() throws IOException {
    Path target = dir.resolve("alerts-test.yaml");
    try (InputStream in = getClass().getResourceAsStream("/promtool/alerts-test.yaml")) {
      Files.copy(in, target);
    }
    return target;
  }

  private Promtool.Result promtool(String... args) throws Exception {
    return Promtool.run(dir, args);
  }
}
