package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Prometheus Operator and Grafana integration. */
public class MonitoringSpec {

  @JsonPropertyDescription(
      "Create ServiceMonitors (needs the Prometheus Operator CRDs). Default: true on Staging and"
          + " Production.")
  private Boolean serviceMonitor;

  @JsonPropertyDescription(
      "Create a PrometheusRule with HighErrorRate, HighResponseTime and"
          + " DatabaseConnectionPoolExhausted. Default: true on Staging and Production.")
  private Boolean alertRules;

  @JsonPropertyDescription(
      "Create the Grafana dashboard ConfigMap (label grafana_dashboard: \"1\"). Default: true on"
          + " Staging and Production.")
  private Boolean dashboard;

  public Boolean getServiceMonitor() {
    return serviceMonitor;
  }

  public void setServiceMonitor(Boolean serviceMonitor) {
    this.serviceMonitor = serviceMonitor;
  }

  public Boolean getAlertRules() {
    return alertRules;
  }

  public void setAlertRules(Boolean alertRules) {
    this.alertRules = alertRules;
  }

  public Boolean getDashboard() {
    return dashboard;
  }

  public void setDashboard(Boolean dashboard) {
    this.dashboard = dashboard;
  }
}
