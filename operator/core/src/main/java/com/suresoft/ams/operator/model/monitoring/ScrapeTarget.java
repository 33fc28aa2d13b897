package com.suresoft.ams.operator.model.monitoring;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppContainers;
import java.util.ArrayList;
import java.util.List;

/**
 * A component whose pods serve Prometheus metrics: on which named port and path. Named ports keep
 * the ServiceMonitors and the NetworkPolicies that admit Prometheus in step with the containers.
 *
 * <p>Which components: the API (the seed's {@code http_requests_total}, {@code
 * http_request_duration_seconds}, {@code active_users}, ... on its own port), and the managed data
 * tier's exporters (PostgreSQL, PgBouncer, Redis) on a container and Service port named {@value
 * #METRICS_PORT}. The web front end is static nginx without an exporter and the worker serves no
 * HTTP, so neither is scraped; MinIO's metrics need a bearer token, so it is left out too.
 */
public record ScrapeTarget(Component component, String port, String path) {

  /** The port name data-tier exporters use, on the container and on exactly one Service. */
  public static final String METRICS_PORT = "metrics";

  public static final String METRICS_PATH = "/metrics";

  /** The components of {@code m} that serve metrics. */
  public static List<ScrapeTarget> of(InstanceModel m) {
    var targets = new ArrayList<ScrapeTarget>();
    targets.add(new ScrapeTarget(Component.API, AppContainers.PORT_NAME, METRICS_PATH));
    var db = m.spec().getDatabase();
    if (db.getMode() == DatabaseMode.Managed) {
      targets.add(new ScrapeTarget(Component.POSTGRES, METRICS_PORT, METRICS_PATH));
      if (db.getPooler().getEnabled()) {
        targets.add(new ScrapeTarget(Component.PGBOUNCER, METRICS_PORT, METRICS_PATH));
      }
    }
    targets.add(new ScrapeTarget(Component.REDIS, METRICS_PORT, METRICS_PATH));
    return targets;
  }
}
