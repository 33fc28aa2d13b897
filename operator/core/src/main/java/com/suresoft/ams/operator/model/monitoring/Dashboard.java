package com.suresoft.ams.operator.model.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Grafana dashboard ConfigMap {@code <name>-dashboard}, labelled {@code grafana_dashboard: "1"}
 * for Grafana's dashboard sidecar, with the seed's Application panels (request rate, P50/P95/P99,
 * 4xx/5xx rate, active users, database connections) and Infrastructure panels (CPU, memory, disk
 * I/O, network and restarts per pod). Application panels select on the labels the ServiceMonitors
 * attach; infrastructure metrics (cAdvisor, kube-state-metrics) carry only the pod name, so those
 * panels match the instance's pod names ({@link
 * com.suresoft.ams.operator.model.ResourceNames#podNameRegex()}).
 */
public final class Dashboard {
  public static final String KEY_SUFFIX = ".json";

  /**
   * Keys sorted: the dashboard is stored as a string, and {@code Map.of} iterates in a different
   * order in every JVM, so an unsorted string would change (and be re-applied) on every operator
   * restart.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** A panel: title, unit and one query per series. */
  public record Panel(String title, String unit, List<Query> queries) {}

  /** One series of a panel. */
  public record Query(String expr, String legend) {}

  /** A row of panels. */
  public record Row(String title, List<Panel> panels) {}

  private Dashboard() {}

  /** The ConfigMap, or empty when {@code spec.monitoring.dashboard} is off. */
  public static Optional<ConfigMap> desired(InstanceModel m) {
    if (!m.spec().getMonitoring().getDashboard()) {
      return Optional.empty();
    }
    var labels = Labels.of(m.name(), Component.MONITORING, m.spec().getVersion());
    labels.put(Labels.GRAFANA_DASHBOARD, "1");
    return Optional.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(m.names().dashboard())
            .withNamespace(m.namespace())
            .withLabels(labels)
            .endMetadata()
            .withData(Map.of(m.names().dashboard() + KEY_SUFFIX, json(m)))
            .build());
  }

  public static List<Row> rows(InstanceModel m) {
    String api = AlertRules.scope(m, Component.API);
    String postgres = AlertRules.scope(m, Component.POSTGRES);
    String pgbouncer = AlertRules.scope(m, Component.PGBOUNCER);
    String pods =
        MonitoringLabels.NAMESPACE
            + "=\""
            + m.namespace()
            + "\",pod=~\""
            + m.names().podNameRegex().replace("\\", "\\\\")
            + "\"";
    String containers = pods + ",container!=\"\",container!=\"POD\"";
    return List.of(
        new Row(
            "Application",
            List.of(
                new Panel(
                    "Request Rate (RPS)",
                    "reqps",
                    List.of(
                        new Query(
                            "sum by ("
                                + MonitoringLabels.SLOT
                                + ") (rate(http_requests_total{"
                                + api
                                + "}[5m]))",
                            "{{" + MonitoringLabels.SLOT + "}}"))),
                new Panel(
                    "Response Time (P50, P95, P99)",
                    "s",
                    List.of(
                        quantile(api, "0.5", "P50"),
                        quantile(api, "0.95", "P95"),
                        quantile(api, "0.99", "P99"))),
                new Panel(
                    "Error Rate (4xx, 5xx)",
                    "percentunit",
                    List.of(errorShare(api, "4", "4xx"), errorShare(api, "5", "5xx"))),
                new Panel(
                    "Active Users",
                    "short",
                    List.of(new Query("sum(active_users{" + api + "})", "active users"))),
                new Panel(
                    "Database Connections",
                    "short",
                    List.of(
                        new Query(
                            "sum by (pod) (pg_stat_activity_count{" + postgres + "})",
                            "PostgreSQL {{pod}}"),
                        new Query(
                            "sum(pgbouncer_pools_client_active_connections{" + pgbouncer + "})",
                            "PgBouncer clients"))))),
        new Row(
            "Infrastructure",
            List.of(
                new Panel(
                    "CPU Usage (per pod)",
                    "cores",
                    List.of(
                        perPod("rate(container_cpu_usage_seconds_total{" + containers + "}[5m])"))),
                new Panel(
                    "Memory Usage (per pod)",
                    "bytes",
                    List.of(perPod("container_memory_working_set_bytes{" + containers + "}"))),
                new Panel(
                    "Disk I/O",
                    "Bps",
                    List.of(
                        perPod(
                            "rate(container_fs_reads_bytes_total{" + containers + "}[5m])",
                            "read {{pod}}"),
                        perPod(
                            "rate(container_fs_writes_bytes_total{" + containers + "}[5m])",
                            "write {{pod}}"))),
                new Panel(
                    "Network Traffic",
                    "Bps",
                    List.of(
                        perPod(
                            "rate(container_network_receive_bytes_total{" + pods + "}[5m])",
                            "in {{pod}}"),
                        perPod(
                            "rate(container_network_transmit_bytes_total{" + pods + "}[5m])",
                            "out {{pod}}"))),
                new Panel(
                    "Pod Restarts",
                    "short",
                    List.of(
                        perPod(
                            "increase(kube_pod_container_status_restarts_total{"
                                + pods
                                + "}[1h])"))))));
  }

  private static Query quantile(String scope, String q, String legend) {
    return new Query(
        "histogram_quantile("
            + q
            + ", sum by (le) (rate(http_request_duration_seconds_bucket{"
            + scope
            + "}[5m])))",
        legend);
  }

  private static Query errorShare(String scope, String classDigit, String legend) {
    return new Query(
        "sum(rate(http_requests_total{"
            + scope
            + ",status_code=~\""
            + classDigit
            + "..\"}[5m])) / sum(rate(http_requests_total{"
            + scope
            + "}[5m]))",
        legend);
  }

  private static Query perPod(String series) {
    return perPod(series, "{{pod}}");
  }

  private static Query perPod(String series, String legend) {
    return new Query("sum by (pod) (" + series + ")", legend);
  }

  /** The dashboard model as Grafana imports it. */
  static String json(InstanceModel m) {
    var panels = new ArrayList<Map<String, Object>>();
    int y = 0;
    int id = 1;
    for (Row row : rows(m)) {
      panels.add(
          ordered(
              "id",
              id++,
              "type",
              "row",
              "title",
              row.title(),
              "collapsed",
              false,
              "gridPos",
              grid(0, y, 24, 1)));
      y += 1;
      int i = 0;
      for (Panel p : row.panels()) {
        var targets = new ArrayList<Map<String, Object>>();
        char ref = 'A';
        for (Query q : p.queries()) {
          targets.add(
              ordered(
                  "refId", String.valueOf(ref++),
                  "expr", q.expr(),
                  "legendFormat", q.legend(),
                  "datasource", datasource()));
        }
        panels.add(
            ordered(
                "id", id++,
                "type", "timeseries",
                "title", p.title(),
                "datasource", datasource(),
                "gridPos", grid((i % 2) * 12, y + (i / 2) * 8, 12, 8),
                "fieldConfig", Map.of("defaults", Map.of("unit", p.unit()), "overrides", List.of()),
                "targets", targets));
        i++;
      }
      y += ((i + 1) / 2) * 8;
    }
    var dashboard = new LinkedHashMap<String, Object>();
    dashboard.put("uid", uid(m));
    dashboard.put("title", "AMS " + m.namespace() + "/" + m.name());
    dashboard.put("tags", List.of("ams", m.namespace()));
    dashboard.put("timezone", "browser");
    dashboard.put("schemaVersion", 39);
    dashboard.put("editable", false);
    dashboard.put("refresh", "30s");
    dashboard.put("time", Map.of("from", "now-6h", "to", "now"));
    dashboard.put(
        "templating",
        Map.of(
            "list",
            List.of(
                ordered(
                    "name", "datasource",
                    "label", "Data source",
                    "type", "datasource",
                    "query", "prometheus"))));
    dashboard.put("panels", panels);
    try {
      return JSON.writeValueAsString(dashboard);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the dashboard model is plain maps and lists", e);
    }
  }

  /**
   * Grafana uids are at most 40 characters and unique across the Grafana, so they cannot be the
   * namespace and name themselves; a digest of both is stable and short.
   */
  static String uid(InstanceModel m) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((m.namespace() + "/" + m.name()).getBytes(StandardCharsets.UTF_8));
      return "ams-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static Map<String, Object> datasource() {
    return Map.of("type", "prometheus", "uid", "${datasource}");
  }

  private static Map<String, Object> grid(int x, int y, int w, int h) {
    return ordered("x", x, "y", y, "w", w, "h", h);
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    var map = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
