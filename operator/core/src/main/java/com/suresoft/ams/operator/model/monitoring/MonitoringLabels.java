package com.suresoft.ams.operator.model.monitoring;

/**
 * Prometheus label names the ServiceMonitors attach to every scraped series, and that the alert
 * rules and the dashboard select on. Setting them at scrape time (rather than matching Service or
 * job names in every query) scopes each query to one instance whatever Services and slots exist.
 */
public final class MonitoringLabels {
  /** The AmsInstance the series came from. */
  public static final String INSTANCE = "ams_instance";

  /** web, api, postgres, ... */
  public static final String COMPONENT = "ams_component";

  /** blue or green, for the slotted app tier (empty for the data tier). */
  public static final String SLOT = "ams_slot";

  /** Added by Prometheus from the target's namespace. */
  public static final String NAMESPACE = "namespace";

  private MonitoringLabels() {}
}
