package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A persistent volume claim template. */
public class StorageSpec {

  @JsonPropertyDescription(
      "Requested size as a Kubernetes quantity, e.g. 20Gi. It may grow (where the storage class"
          + " allows expansion) but never shrink.")
  @Pattern(Patterns.QUANTITY)
  private String size;

  @JsonPropertyDescription(
      "StorageClass of the claims. Empty: the cluster default (Production PostgreSQL defaults to ssd).")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String storageClassName;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
