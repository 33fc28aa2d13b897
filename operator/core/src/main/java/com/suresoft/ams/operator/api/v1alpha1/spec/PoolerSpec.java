package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** PgBouncer settings. */
public class PoolerSpec {

  @JsonPropertyDescription(
      "Run PgBouncer (transaction pooling) and point the app's database-url at it. Default: true"
          + " on Staging and Production.")
  private Boolean enabled;

  @JsonPropertyDescription("PgBouncer max_client_conn. Default 100; Production 200.")
  @Min(1)
  @Max(100000)
  private Integer maxClientConnections;

  @JsonPropertyDescription("PgBouncer default_pool_size (server connections per pool). Default 20.")
  @Min(1)
  @Max(10000)
  private Integer defaultPoolSize;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getMaxClientConnections() {
    return maxClientConnections;
  }

  public void setMaxClientConnections(Integer maxClientConnections) {
    this.maxClientConnections = maxClientConnections;
  }

  public Integer getDefaultPoolSize() {
    return defaultPoolSize;
  }

  public void setDefaultPoolSize(Integer defaultPoolSize) {
    this.defaultPoolSize = defaultPoolSize;
  }
}
