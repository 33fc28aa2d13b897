package com.suresoft.ams.operator.model.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.testing.SortedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceMonitors, PrometheusRule and dashboard as objects: names, selectors, switches. */
class MonitoringModelTest {
  private final InstanceModel production = InstanceModel.of(TestInstances.sample("production"));

  @Test
  void productionScrapesTheApiAndTheDataTierExportersScopedToTheInstance() {
    var monitors = ServiceMonitors.desired(production);
    assertThat(monitors)
        .containsOnlyKeys(
            "ams-api-monitor",
            "ams-postgres-monitor",
            "ams-pgbouncer-monitor",
            "ams-redis-monitor");
    var api = monitors.get("ams-api-monitor");
    assertThat(api.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(api.getKind()).isEqualTo("ServiceMonitor");
    var spec = spec(api.getAdditionalProperties());
    assertThat(spec.get("selector"))
        .isEqualTo(
            Map.of(
                "matchLabels",
                Map.of(
                    "app.kubernetes.io/name", "ams",
                    "app.kubernetes.io/instance", "ams",
                    "app.kubernetes.io/component", "api")));
    assertThat(spec.get("namespaceSelector")).isEqualTo(Map.of("matchNames", List.of("ams")));
    @SuppressWarnings("unchecked")
    var endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
    assertThat(endpoint.get("relabelings").toString())
        .contains("targetLabel=ams_instance", "replacement=ams")
        .contains("targetLabel=ams_component", "replacement=api")
        .contains("__meta_kubernetes_pod_label_ams_suresoft_com_slot");
    assertThat(spec(monitors.get("ams-redis-monitor").getAdditionalProperties()).toString())
        .contains("port=metrics");
  }

  @Test
  void externalDatabaseHasNoPostgresMonitorAndSwitchesTurnObjectsOff() {
    var external =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                """
                tier: Production
                version: "1.0.0"
                database:
                  mode: External
                  externalSecretName: db
                monitoring:
                  alertRules: false
                  dashboard: false
                """));
    assertThat(ServiceMonitors.desired(external))
        .containsOnlyKeys("ams-api-monitor", "ams-redis-monitor");
    assertThat(AlertRules.desired(external)).isEmpty();
    assertThat(Dashboard.desired(external)).isEmpty();
    var local = InstanceModel.of(TestInstances.sample("local"));
    assertThat(ServiceMonitors.desired(local)).isEmpty();
    assertThat(AlertRules.desired(local)).isEmpty();
    assertThat(Dashboard.desired(local)).isEmpty();
  }

  @Test
  void alertsKeepTheSeedsThresholdsDurationsAndSeverities() {
    var byName = new java.util.HashMap<String, AlertRules.Alert>();
    AlertRules.alerts(production).forEach(a -> byName.put(a.name(), a));
    assertThat(byName.get("HighErrorRate").forDuration()).isEqualTo("5m");
    assertThat(byName.get("HighErrorRate").severity()).isEqualTo("critical");
    assertThat(byName.get("HighErrorRate").expr()).endsWith("> 0.05");
    assertThat(byName.get("HighResponseTime").forDuration()).isEqualTo("10m");
    assertThat(byName.get("HighResponseTime").severity()).isEqualTo("warning");
    assertThat(byName.get("HighResponseTime").expr())
        .contains("histogram_quantile(0.95", "sum by (le) (rate(", "> 1");
    assertThat(byName.get("DatabaseConnectionPoolExhausted").forDuration()).isEqualTo("5m");
    assertThat(byName.get("DatabaseConnectionPoolExhausted").expr()).endsWith("> 90");
    for (var alert : byName.values()) {
      assertThat(alert.expr()).contains("namespace=\"ams\"", "ams_instance=\"ams\"");
    }
    var rule = AlertRules.desired(production).orElseThrow();
    assertThat(rule.getKind()).isEqualTo("PrometheusRule");
    assertThat(rule.getMetadata().getName()).isEqualTo("ams-alerts");
  }

  @Test
  void dashboardConfigMapCarriesTheSeedsPanels() throws Exception {
    var cm = Dashboard.desired(production).orElseThrow();
    assertThat(cm.getMetadata().getName()).isEqualTo("ams-dashboard");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode dashboard = new ObjectMapper().readTree(cm.getData().get("ams-dashboard.json"));
    assertThat(dashboard.get("uid").asText()).hasSizeLessThanOrEqualTo(40);
    var titles = new ArrayList<String>();
    dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
    assertThat(titles)
        .contains(
            "Application",
            "Request Rate (RPS)",
            "Response Time (P50, P95, P99)",
            "Error Rate (4xx, 5xx)",
            "Active Users",
            "Database Connections",
            "Infrastructure",
            "CPU Usage (per pod)",
            "Memory Usage (per pod)",
            "Disk I/O",
            "Network Traffic",
            "Pod Restarts");
    assertThat(dashboard.toString()).contains("http_request_duration_seconds_bucket");
  }

  @Test
  void podNameRegexMatchesTheInstancesPodsOnly() {
    var regex = java.util.regex.Pattern.compile(production.names().podNameRegex());
    for (String pod :
        List.of(
            "ams-api-blue-5d8f9c7b6-x2x7k",
            "ams-web-green-5d8f9c7b6-abcde",
            "ams-pgbouncer-6c7d8-zzzzz",
            "ams-postgres-2",
            "ams-redis-0")) {
      assertThat(regex.matcher(pod).matches()).as(pod).isTrue();
    }
    for (String pod : List.of("other-api-blue-5d8f9-x2x7k", "ams-web-web-blue-5d8f9-x2x7k")) {
      assertThat(regex.matcher(pod).matches()).as(pod).isFalse();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> props) {
    return (Map<String, Object>) props.get("spec");
  }

  @Test
  void dashboardJsonIsTheSameStringInEveryJvm() throws Exception {
    // Map.of iterates in a per-JVM order; the stored string must not depend on it, or every
    // operator restart would rewrite the ConfigMap. Sorted keys at every level make it stable.
    var production = InstanceModel.of(TestInstances.sample("production"));
    var json = new ObjectMapper().readTree(Dashboard.json(production));
    assertThat(SortedKeys.unsorted(json)).isEmpty();
  }
}
