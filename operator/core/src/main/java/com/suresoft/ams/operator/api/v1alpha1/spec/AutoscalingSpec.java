package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** HorizontalPodAutoscaler settings of one component. */
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.maxReplicas >= self.minReplicas",
    message = "maxReplicas must be greater than or equal to minReplicas")
public class AutoscalingSpec {

  @JsonPropertyDescription(
      "Create a HorizontalPodAutoscaler for the component. While it is on, the operator leaves the"
          + " Deployment's replicas to the HPA. Default: true on Staging and Production for api and"
          + " worker, false otherwise.")
  private Boolean enabled;

  @JsonPropertyDescription("Lowest replica count the HPA may choose. Production api: 3, worker: 2.")
  @Min(1)
  @Max(1000)
  private Integer minReplicas;

  @JsonPropertyDescription(
      "Highest replica count the HPA may choose. Production api: 10, worker: 8.")
  @Min(1)
  @Max(1000)
  private Integer maxReplicas;

  @JsonPropertyDescription(
      "Average CPU utilisation (percent of requests) the HPA aims for. Default 70.")
  @Min(1)
  @Max(100)
  private Integer targetCPUUtilizationPercentage;

  @JsonPropertyDescription(
      "Average memory utilisation (percent of requests) the HPA aims for. Default 80.")
  @Min(1)
  @Max(100)
  private Integer targetMemoryUtilizationPercentage;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getTargetCPUUtilizationPercentage() {
    return targetCPUUtilizationPercentage;
  }

  public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
    this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
  }

  public Integer getTargetMemoryUtilizationPercentage() {
    return targetMemoryUtilizationPercentage;
  }

  public void setTargetMemoryUtilizationPercentage(Integer targetMemoryUtilizationPercentage) {
    this.targetMemoryUtilizationPercentage = targetMemoryUtilizationPercentage;
  }
}
