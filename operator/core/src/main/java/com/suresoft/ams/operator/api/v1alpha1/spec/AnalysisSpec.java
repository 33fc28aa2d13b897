package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Prometheus checks run against the candidate at each canary step. */
public class AnalysisSpec {

  @JsonPropertyDescription("Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090.")
  @Required
  @Pattern("^https?://[^\\s]+$")
  private String prometheusUrl;

  @JsonPropertyDescription("Seconds between two checks. Default 60.")
  @Min(5)
  @Max(3600)
  private Integer intervalSeconds;

  @JsonPropertyDescription("Failed checks tolerated; one more aborts the release. Default 2.")
  @Min(0)
  @Max(100)
  private Integer failureLimit;

  @JsonPropertyDescription(
      "Checks in a row that could not be run (Prometheus unreachable, a query error) tolerated;"
          + " one more aborts the release. Such errors do not count as failed checks. Default 4.")
  @Min(0)
  @Max(100)
  private Integer consecutiveErrorLimit;

  @JsonPropertyDescription(
      "Highest share of 5xx responses (0-1) of the candidate. Default 0.05 (the deployment architecture's"
          + " HighErrorRate threshold).")
  @Min(0)
  @Max(1)
  private Double maxErrorRate;

  @JsonPropertyDescription(
      "Highest P95 latency in seconds of the candidate. Default 1 (the deployment architecture's HighResponseTime alert).")
  @Min(0)
  @Max(600)
  private Double maxP95LatencySeconds;

  public String getPrometheusUrl() {
    return prometheusUrl;
  }

  public void setPrometheusUrl(String prometheusUrl) {
    this.prometheusUrl = prometheusUrl;
  }

  public Integer getIntervalSeconds() {
    return intervalSeconds;
  }

  public void setIntervalSeconds(Integer intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  public Integer getFailureLimit() {
    return failureLimit;
  }

  public void setFailureLimit(Integer failureLimit) {
    this.failureLimit = failureLimit;
  }

  public Integer getConsecutiveErrorLimit() {
    return consecutiveErrorLimit;
  }

  public void setConsecutiveErrorLimit(Integer consecutiveErrorLimit) {
    this.consecutiveErrorLimit = consecutiveErrorLimit;
  }

  public Double getMaxErrorRate() {
    return maxErrorRate;
  }

  public void setMaxErrorRate(Double maxErrorRate) {
    this.maxErrorRate = maxErrorRate;
  }

  public Double getMaxP95LatencySeconds() {
    return maxP95LatencySeconds;
  }

  public void setMaxP95LatencySeconds(Double maxP95LatencySeconds) {
    this.maxP95LatencySeconds = maxP95LatencySeconds;
  }
}
