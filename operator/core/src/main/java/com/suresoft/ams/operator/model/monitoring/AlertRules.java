package com.suresoft.ams.operator.model.monitoring;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code PrometheusRule} {@code <name>-alerts} with the seed's three alerts, their thresholds,
 * {@code for:} durations and severities, and PromQL that measures what the seed means:
 *
 * <ul>
 *   <li>HighErrorRate: the seed compares the per-second rate of 5xx responses to 0.05, which fires
 *       at 3 errors a minute whatever the traffic; here it is the share of 5xx among all requests.
 *   <li>HighResponseTime: the seed feeds the raw histogram to {@code histogram_quantile}, which is
 *       not valid on a counter histogram; here it is the P95 of the 5-minute rate of the buckets,
 *       summed {@code by (le)} across pods and slots.
 *   <li>DatabaseConnectionPoolExhausted: the seed compares each (database, state) series of {@code
 *       pg_stat_activity_count} separately; connections are a per-server limit, so the series are
 *       summed per PostgreSQL pod.
 * </ul>
 *
 * Every selector is scoped to the instance by the labels its ServiceMonitors attach.
 */
public final class AlertRules {
  public static final String API_VERSION = "monitoring.coreos.com/v1";
  public static final String KIND = "PrometheusRule";
  public static final String GROUP = "ams_alerts";

  /** An alert as Prometheus reads it. */
  public record Alert(
      String name, String expr, String forDuration, String severity, String summary) {}

  private AlertRules() {}

  /** The PrometheusRule, or empty when {@code spec.monitoring.alertRules} is off. */
  public static Optional<GenericKubernetesResource> desired(InstanceModel m) {
    if (!m.spec().getMonitoring().getAlertRules()) {
      return Optional.empty();
    }
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion(API_VERSION)
            .withKind(KIND)
            .withNewMetadata()
            .withName(m.names().prometheusRule())
            .withNamespace(m.namespace())
            .withLabels(Labels.of(m.name(), Component.MONITORING, m.spec().getVersion()))
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("groups", groups(m))))
            .build());
  }

  /** The rule groups, in the layout of a Prometheus rule file (and of the PrometheusRule spec). */
  public static List<Map<String, Object>> groups(InstanceModel m) {
    var rules =
        alerts(m).stream()
            .map(
                a -> {
                  var rule = new LinkedHashMap<String, Object>();
                  rule.put("alert", a.name());
                  rule.put("expr", a.expr());
                  rule.put("for", a.forDuration());
                  var labels = new LinkedHashMap<String, String>();
                  labels.put("severity", a.severity());
                  labels.put(MonitoringLabels.NAMESPACE, m.namespace());
                  labels.put(MonitoringLabels.INSTANCE, m.name());
                  rule.put("labels", labels);
                  rule.put("annotations", Map.of("summary", a.summary()));
                  return (Map<String, Object>) rule;
                })
            .toList();
    var group = new LinkedHashMap<String, Object>();
    group.put("name", GROUP);
    group.put("rules", rules);
    return List.of(group);
  }

  public static List<Alert> alerts(InstanceModel m) {
    String api = scope(m, Component.API);
    return List.of(
        new Alert(
            "HighErrorRate",
            "sum(rate(http_requests_total{"
                + api
                + ",status_code=~\"5..\"}[5m]))\n  / sum(rate(http_requests_total{"
                + api
                + "}[5m]))\n  > 0.05",
            "5m",
            "critical",
            "High error rate detected: {{ $value | humanizePercentage }} of API requests fail"
                + " with 5xx"),
        new Alert(
            "HighResponseTime",
            "histogram_quantile(0.95,\n  sum by (le) (rate(http_request_duration_seconds_bucket{"
                + api
                + "}[5m])))\n  > 1",
            "10m",
            "warning",
            "P95 response time > 1s ({{ $value | humanizeDuration }})"),
        new Alert(
            "DatabaseConnectionPoolExhausted",
            "sum by (pod) (pg_stat_activity_count{" + scope(m, Component.POSTGRES) + "}) > 90",
            "5m",
            "critical",
            "Database connection pool near limit: {{ $value }} connections on {{ $labels.pod }}"));
  }

  /** The label matchers of one component of this instance. */
  static String scope(InstanceModel m, Component c) {
    return MonitoringLabels.NAMESPACE
        + "=\""
        + m.namespace()
        + "\","
        + MonitoringLabels.INSTANCE
        + "=\""
        + m.name()
        + "\","
        + MonitoringLabels.COMPONENT
        + "=\""
        + c.label()
        + "\"";
  }
}
