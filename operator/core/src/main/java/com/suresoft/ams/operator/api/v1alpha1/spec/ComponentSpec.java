package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** Settings shared by the web, API and worker components. */
public class ComponentSpec {

  @JsonPropertyDescription(
      "Number of pods when autoscaling is off. Production: web 3, api 3, worker 2; other tiers 1."
          + " Ignored while autoscaling is on (the HPA owns replicas).")
  @Min(0)
  @Max(1000)
  private Integer replicas;

  @JsonPropertyDescription(
      "Full image reference overriding <imageRegistry>/ams-web:<version> (web) or"
          + " <imageRegistry>/ams-api:<version> (api, worker). Releases still switch on"
          + " spec.version.")
  @Pattern("^[^\\s]+$")
  private String image;

  @JsonPropertyDescription(
      "CPU and memory requests and limits. Production api: 256Mi/250m requests, 512Mi/500m"
          + " limits.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Extra environment variables, added after the operator's own (NODE_ENV, DATABASE_URL,"
          + " REDIS_URL, JWT_*, S3_*). A name the operator sets is refused.")
  private List<EnvVar> env;

  @JsonPropertyDescription("HorizontalPodAutoscaler for this component.")
  private AutoscalingSpec autoscaling;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }
}
