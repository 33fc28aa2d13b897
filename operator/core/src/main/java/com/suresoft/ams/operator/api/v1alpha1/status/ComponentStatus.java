package com.suresoft.ams.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Readiness of one component (web, api, worker, postgres, redis, minio, ...). */
public class ComponentStatus {

  @JsonPropertyDescription("Ready pods over desired pods, e.g. 3/3.")
  private String ready;

  @JsonPropertyDescription("Pods ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Pods wanted (by the spec or by the HPA).")
  private Integer desiredReplicas;

  @JsonPropertyDescription("Version (image tag) the ready pods run.")
  private String version;

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }
}
