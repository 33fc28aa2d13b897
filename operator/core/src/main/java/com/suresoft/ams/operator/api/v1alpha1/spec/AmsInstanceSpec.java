package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/**
 * What a platform team asks for. Unset fields take the defaults of {@link #tier}, then of the field
 * itself; the operator resolves them in one place ({@code TierDefaults}).
 */
@ValidationRule(
    value =
        "!has(self.release) || !has(self.release.canary)"
            + " || !has(self.release.canary.trafficRouter)"
            + " || self.release.canary.trafficRouter != 'GatewayAPI'"
            + " || (has(self.ingress) && has(self.ingress.gateway))",
    message = "canary trafficRouter GatewayAPI needs spec.ingress.gateway",
    fieldPath = ".ingress.gateway",
    reason = "FieldValueRequired")
// The nginx router's canary Ingress rides on <name>-ingress, which a gateway replaces: that pair
// would route nothing to the candidate until full promotion.
@ValidationRule(
    value =
        "!has(self.release) || !has(self.release.canary)"
            + " || !has(self.release.canary.trafficRouter)"
            + " || self.release.canary.trafficRouter != 'Nginx'"
            + " || !has(self.ingress) || !has(self.ingress.gateway)",
    message =
        "canary trafficRouter Nginx needs the Ingress; behind spec.ingress.gateway use GatewayAPI",
    fieldPath = ".release.canary.trafficRouter",
    reason = "FieldValueInvalid")
// Istio gateways serve the instance on spec.ingress.host: without a host they would carry nothing.
@ValidationRule(
    value =
        "!has(self.release) || !has(self.release.canary) || !has(self.release.canary.istio)"
            + " || !has(self.release.canary.istio.gateways)"
            + " || size(self.release.canary.istio.gateways) == 0"
            + " || (has(self.ingress) && has(self.ingress.host))",
    message = "canary istio.gateways needs spec.ingress.host, the host served on them",
    fieldPath = ".ingress.host",
    reason = "FieldValueRequired")
public class AmsInstanceSpec {

  @JsonPropertyDescription(
      "Environment tier: Local, Development, Staging or Production. Picks the defaults of replicas,"
          + " resources, autoscaling, TLS, database instances and monitoring.")
  @Required
  private Tier tier;

  @JsonPropertyDescription(
      "AMS release (image tag) of web, API and worker. Changing it starts a release.")
  @Required
  @Pattern(Patterns.IMAGE_TAG)
  private String version;

  @JsonPropertyDescription(
      "Registry and path of the AMS images: <imageRegistry>/ams-web:<version> and"
          + " <imageRegistry>/ams-api:<version>. Default ghcr.io/suresoft.")
  @Pattern("^[^\\s:/]+(:[0-9]+)?(/[^\\s:]+)*$")
  private String imageRegistry;

  @JsonPropertyDescription("Pull secrets for every pod of the instance.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("The web front end (nginx serving the built app on port 80).")
  private ComponentSpec web;

  @JsonPropertyDescription("The Node.js API on port 4000.")
  private ComponentSpec api;

  @JsonPropertyDescription("The background worker (API image, npm run worker).")
  private WorkerSpec worker;

  @JsonPropertyDescription("PostgreSQL.")
  private DatabaseSpec database;

  @JsonPropertyDescription("Redis.")
  private RedisSpec redis;

  @JsonPropertyDescription("Object storage (MinIO).")
  private ObjectStorageSpec objectStorage;

  @JsonPropertyDescription("The edge: the Ingress, or an HTTPRoute on Gateways (gateway).")
  private IngressSpec ingress;

  @JsonPropertyDescription("Where credentials come from.")
  private SecretsSpec secrets;

  @JsonPropertyDescription("Monitoring objects.")
  private MonitoringSpec monitoring;

  @JsonPropertyDescription("Release strategy for version changes.")
  private ReleaseSpec release;

  @JsonPropertyDescription(
      "true: reconcile nothing (maintenance); running objects are left as they are and status"
          + " says Paused.")
  private Boolean paused;

  public Tier getTier() {
    return tier;
  }

  public void setTier(Tier tier) {
    this.tier = tier;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getImageRegistry() {
    return imageRegistry;
  }

  public void setImageRegistry(String imageRegistry) {
    this.imageRegistry = imageRegistry;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public ComponentSpec getWeb() {
    return web;
  }

  public void setWeb(ComponentSpec web) {
    this.web = web;
  }

  public ComponentSpec getApi() {
    return api;
  }

  public void setApi(ComponentSpec api) {
    this.api = api;
  }

  public WorkerSpec getWorker() {
    return worker;
  }

  public void setWorker(WorkerSpec worker) {
    this.worker = worker;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public RedisSpec getRedis() {
    return redis;
  }

  public void setRedis(RedisSpec redis) {
    this.redis = redis;
  }

  public ObjectStorageSpec getObjectStorage() {
    return objectStorage;
  }

  public void setObjectStorage(ObjectStorageSpec objectStorage) {
    this.objectStorage = objectStorage;
  }

  public IngressSpec getIngress() {
    return ingress;
  }

  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }

  public SecretsSpec getSecrets() {
    return secrets;
  }

  public void setSecrets(SecretsSpec secrets) {
    this.secrets = secrets;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
  }

  public ReleaseSpec getRelease() {
    return release;
  }

  public void setRelease(ReleaseSpec release) {
    this.release = release;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }
}
