package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** PostgreSQL for the AMS database. */
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
public class DatabaseSpec {

  @JsonPropertyDescription(
      "Managed (default): a PostgreSQL StatefulSet run by the operator. External: your database,"
          + " its URL in the Secret named by externalSecretName. CloudNativePG: a CNPG Cluster"
          + " (automated failover; needs the CloudNativePG operator).")
  private DatabaseMode mode;

  @JsonPropertyDescription(
      "PostgreSQL pods: 1 primary plus instances-1 streaming replicas. Production: 3.")
  @Min(1)
  @Max(9)
  private Integer instances;

  @JsonPropertyDescription("PostgreSQL image (Managed mode). Default postgres:15-alpine.")
  @Pattern("^[^\\s]+$")
  private String image;

  @JsonPropertyDescription("Volume of each PostgreSQL pod. Production: 20Gi on class ssd.")
  private StorageSpec storage;

  @JsonPropertyDescription(
      "Resources of each PostgreSQL pod. Production: 1Gi/500m requests, 2Gi/1000m limits.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("PgBouncer connection pooler in front of the primary.")
  private PoolerSpec pooler;

  @JsonPropertyDescription("Scheduled logical backups into the object storage.")
  private BackupSpec backup;

  @JsonPropertyDescription(
      "External mode: name of a Secret in the instance's namespace with key database-url.")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String externalSecretName;

  @JsonPropertyDescription(
      "External mode: where the database is, as address ranges and ports. Its clients may connect"
          + " there and nowhere else outside the cluster. Default: any address except link-local"
          + " (cloud metadata), on port 5432 only.")
  @Size(min = 1, max = 16)
  private List<ExternalEgressRule> externalEgress;

  public DatabaseMode getMode() {
    return mode;
  }

  public void setMode(DatabaseMode mode) {
    this.mode = mode;
  }

  public Integer getInstances() {
    return instances;
  }

  public void setInstances(Integer instances) {
    this.instances = instances;
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

  public PoolerSpec getPooler() {
    return pooler;
  }

  public void setPooler(PoolerSpec pooler) {
    this.pooler = pooler;
  }

  public BackupSpec getBackup() {
    return backup;
  }

  public void setBackup(BackupSpec backup) {
    this.backup = backup;
  }

  public String getExternalSecretName() {
    return externalSecretName;
  }

  public void setExternalSecretName(String externalSecretName) {
    this.externalSecretName = externalSecretName;
  }

  public List<ExternalEgressRule> getExternalEgress() {
    return externalEgress;
  }

  public void setExternalEgress(List<ExternalEgressRule> externalEgress) {
    this.externalEgress = externalEgress;
  }
}
