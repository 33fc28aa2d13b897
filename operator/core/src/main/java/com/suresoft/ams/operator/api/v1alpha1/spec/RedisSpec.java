package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Redis, the cache and job queue. */
public class RedisSpec {

  @JsonPropertyDescription("Redis image. Default redis:7-alpine.")
  @Pattern("^[^\\s]+$")
  private String image;

  @JsonPropertyDescription("Volume of the Redis pod. Default 1Gi (Production 5Gi).")
  private StorageSpec storage;

  @JsonPropertyDescription("Resources of the Redis pod.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Append-only file persistence (redis-server --appendonly yes). Default true.")
  private Boolean appendOnly;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Boolean getAppendOnly() {
    return appendOnly;
  }

  public void setAppendOnly(Boolean appendOnly) {
    this.appendOnly = appendOnly;
  }
}
