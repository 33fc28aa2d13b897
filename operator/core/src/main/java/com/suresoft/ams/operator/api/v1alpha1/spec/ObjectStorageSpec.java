package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** S3-compatible object storage (MinIO) for uploaded assets and backups. */
@ValidationRule(
    value = "!has(self.mode) || self.mode != 'External' || has(self.externalSecretName)",
    message = "mode External needs externalSecretName",
    fieldPath = ".externalSecretName",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "!has(self.externalEgress) || (has(self.mode) && self.mode == 'External')",
    message = "externalEgress applies to mode External only",
    fieldPath = ".externalEgress",
    reason = "FieldValueForbidden")
public class ObjectStorageSpec {

  @JsonPropertyDescription(
      "Managed (default): a MinIO StatefulSet. External: your S3 storage, described by the Secret"
          + " named by externalSecretName (keys endpoint, access-key, secret-key).")
  private ObjectStorageMode mode;

  @JsonPropertyDescription("MinIO image. Default minio/minio (a pinned release).")
  @Pattern("^[^\\s]+$")
  private String image;

  @JsonPropertyDescription("Volume of the MinIO pod. Default 10Gi (Production 50Gi).")
  private StorageSpec storage;

  @JsonPropertyDescription("Resources of the MinIO pod.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Buckets created at start-up (idempotently). Default [ams-assets, ams-backups].")
  @ValidationRule(
      value = "self.all(b, b.matches('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'))",
      message = "bucket names are 3-63 lower-case letters, digits, dots and hyphens",
      reason = "FieldValueInvalid")
  private List<String> buckets;

  @JsonPropertyDescription("Expose the MinIO console on port 9001. Default false.")
  private Boolean console;

  @JsonPropertyDescription("External mode: Secret with keys endpoint, access-key, secret-key.")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String externalSecretName;

  @JsonPropertyDescription(
      "External mode: where the object store is, as address ranges and ports. Its clients may connect"
          + " there and nowhere else outside the cluster. Default: any address except link-local"
          + " (cloud metadata), on port 443 only.")
  @Size(min = 1, max = 16)
  private List<ExternalEgressRule> externalEgress;

  public ObjectStorageMode getMode() {
    return mode;
  }

  public void setMode(ObjectStorageMode mode) {
    this.mode = mode;
  }

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

  public Boolean getConsole() {
    return console;
  }

  public void setConsole(Boolean console) {
    this.console = console;
  }

  public String getExternalSecretName() {
    return externalSecretName;
  }

  public void setExternalSecretName(String externalSecretName) {
    this.externalSecretName = externalSecretName;
  }

  public List<String> getBuckets() {
    return buckets;
  }

  public void setBuckets(List<String> buckets) {
    this.buckets = buckets;
  }

  public List<ExternalEgressRule> getExternalEgress() {
    return externalEgress;
  }

  public void setExternalEgress(List<ExternalEgressRule> externalEgress) {
    this.externalEgress = externalEgress;
  }
}
