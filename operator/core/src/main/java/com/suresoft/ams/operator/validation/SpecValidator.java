package com.suresoft.ams.operator.validation;

import com.suresoft.ams.clusterrules.Cidr;
import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanaryStep;
import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ExternalEgressRule;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsProvider;
import com.suresoft.ams.operator.api.v1alpha1.spec.StorageSpec;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.TierDefaults;
import com.suresoft.ams.operator.model.app.AppContainers;
import com.suresoft.ams.operator.model.platform.Platform;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The operator's own validation of an instance, shared by the reconciler and the offline {@code
 * validate} command. It repeats the schema's field rules (the API server may not have applied them)
 * and checks what only the resolved spec shows: e.g. a maxReplicas below the tier's default
 * minReplicas, or TLS switched on by the tier without a host. Errors are data, never exceptions.
 */
public final class SpecValidator {

  private static final int DNS_LABEL_MAX = 63;

  private final Platform platform;

  /** A validator for the platform's defaults ({@link Platform#DEFAULTS}). */
  public SpecValidator() {
    this(Platform.DEFAULTS);
  }

  /** A validator that also refuses what {@code platform}'s allow-lists do not allow. */
  public SpecValidator(Platform platform) {
    this.platform = platform;
  }

  /** The platform whose allow-lists this validator applies; the model is resolved against it. */
  public Platform platform() {
    return platform;
  }

  /** Every problem found, each naming its field; empty when the instance is valid. */
  public List<FieldError> validate(AmsInstance instance) {
    return validate(instance, CurrentVolumes.none());
  }

  /**
   * As {@link #validate(AmsInstance)}, and refuses a storage size smaller than a volume the
   * instance already has (a shrink would be attempted on the claims and fail, or worse).
   */
  public List<FieldError> validate(AmsInstance instance, CurrentVolumes volumes) {
    var unreadable = instance.unreadable();
    if (unreadable.isPresent()) {
      // Nothing else can be judged: the spec was not read at all.
      return List.of(new FieldError(unreadable.get().field(), unreadable.get().message()));
    }
    var errors = new ArrayList<FieldError>();
    String name = instance.getMetadata() == null ? null : instance.getMetadata().getName();
    if (name != null && name.length() > ResourceNames.maxInstanceName()) {
      errors.add(
          new FieldError(
              "metadata.name",
              "at most "
                  + ResourceNames.maxInstanceName()
                  + " characters, so that every child name is a valid DNS label"));
    }
    AmsInstanceSpec spec = instance.getSpec();
    if (spec == null) {
      errors.add(new FieldError("spec", "is required"));
      return errors;
    }
    errors.addAll(SchemaConstraints.check(spec, "spec"));
    if (!errors.isEmpty()) {
      // Semantic rules assume well-formed fields; report the field errors first.
      return errors;
    }
    if (spec.getRelease() != null
        && spec.getRelease().getStrategy() == ReleaseStrategy.Canary
        && spec.getRelease().getCanary() == null) {
      // As the CRD's CEL rule says: the defaults would make it work, but a canary whose steps
      // nobody wrote down is more likely a mistake than a choice.
      errors.add(new FieldError("spec.release.canary", "is required when strategy is Canary"));
    }
    var resolved = TierDefaults.resolve(spec);
    component("spec.web", resolved.getWeb(), errors);
    component("spec.api", resolved.getApi(), errors);
    component("spec.worker", resolved.getWorker(), errors);
    data(resolved, errors);
    if (errors.isEmpty()) {
      shrink(resolved, volumes, errors);
    }
    ingress(resolved, errors);
    secrets(resolved, errors);
    release(resolved, name, errors);
    String namespace =
        instance.getMetadata() == null ? null : instance.getMetadata().getNamespace();
    new AllowListChecks(platform, spec, resolved, namespace, errors).run();
    return errors;
  }

  private static void component(String path, ComponentSpec c, List<FieldError> errors) {
    var a = c.getAutoscaling();
    if (a.getEnabled() && a.getMaxReplicas() < a.getMinReplicas()) {
      errors.add(
          new FieldError(
              path + ".autoscaling.maxReplicas",
              "("
                  + a.getMaxReplicas()
                  + ") must be greater than or equal to minReplicas ("
                  + a.getMinReplicas()
                  + ", tier default when unset)"));
    }
    resources(path + ".resources", c.getResources(), errors);
    var seen = new HashSet<String>();
    for (int i = 0; i < c.getEnv().size(); i++) {
      String envName = c.getEnv().get(i).getName();
      String envPath = path + ".env[" + i + "].name";
      if (envName == null || envName.isBlank()) {
        errors.add(new FieldError(envPath, "is required"));
      } else if (AppContainers.RESERVED_ENV.contains(envName)) {
        errors.add(new FieldError(envPath, envName + " is set by the operator"));
      } else if (!seen.add(envName)) {
        errors.add(new FieldError(envPath, envName + " is listed twice"));
      }
    }
  }

  private static void resources(String path, ResourceRequirements r, List<FieldError> errors) {
    var requests = r.getRequests() == null ? Map.<String, Quantity>of() : r.getRequests();
    var limits = r.getLimits() == null ? Map.<String, Quantity>of() : r.getLimits();
    var parsed = new java.util.HashMap<String, BigDecimal>();
    for (var entry : requests.entrySet()) {
      amount(path + ".requests." + entry.getKey(), entry.getValue(), errors)
          .ifPresent(v -> parsed.put("requests." + entry.getKey(), v));
    }
    for (var entry : limits.entrySet()) {
      amount(path + ".limits." + entry.getKey(), entry.getValue(), errors)
          .ifPresent(v -> parsed.put("limits." + entry.getKey(), v));
    }
    for (String resource : List.of("cpu", "memory")) {
      var request = parsed.get("requests." + resource);
      var limit = parsed.get("limits." + resource);
      if (request != null && limit != null && request.compareTo(limit) > 0) {
        errors.add(
            new FieldError(
                path + ".requests." + resource,
                "("
                    + requests.get(resource)
                    + ") exceeds limits."
                    + resource
                    + " ("
                    + limits.get(resource)
                    + ")"));
      }
    }
  }

  private static java.util.Optional<BigDecimal> amount(
      String path, Quantity quantity, List<FieldError> errors) {
    try {
      var value = Quantity.getAmountInBytes(quantity);
      if (value.signum() < 0) {
        errors.add(new FieldError(path, "must not be negative"));
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(value);
    } catch (RuntimeException e) {
      errors.add(new FieldError(path, "\"" + quantity + "\" is not a Kubernetes quantity"));
      return java.util.Optional.empty();
    }
  }

  private static void storage(String path, StorageSpec s, List<FieldError> errors) {
    amount(path + ".size", new Quantity(s.getSize()), errors)
        .filter(v -> v.signum() == 0)
        .ifPresent(v -> errors.add(new FieldError(path + ".size", "must be greater than 0")));
  }

  private static void data(AmsInstanceSpec r, List<FieldError> errors) {
    var db = r.getDatabase();
    if (db.getMode() == DatabaseMode.External && db.getExternalSecretName() == null) {
      errors.add(
          new FieldError("spec.database.externalSecretName", "is required when mode is External"));
    }
    if (db.getMode() != DatabaseMode.External && db.getExternalEgress() != null) {
      errors.add(new FieldError("spec.database.externalEgress", "applies to mode External only"));
    }
    externalEgress("spec.database.externalEgress", db.getExternalEgress(), errors);
    storage("spec.database.storage", db.getStorage(), errors);
    resources("spec.database.resources", db.getResources(), errors);
    storage("spec.redis.storage", r.getRedis().getStorage(), errors);
    resources("spec.redis.resources", r.getRedis().getResources(), errors);
    var os = r.getObjectStorage();
    if (os.getMode() == ObjectStorageMode.External && os.getExternalSecretName() == null) {
      errors.add(
          new FieldError(
              "spec.objectStorage.externalSecretName", "is required when mode is External"));
    }
    if (os.getMode() != ObjectStorageMode.External && os.getExternalEgress() != null) {
      errors.add(
          new FieldError("spec.objectStorage.externalEgress", "applies to mode External only"));
    }
    externalEgress("spec.objectStorage.externalEgress", os.getExternalEgress(), errors);
    storage("spec.objectStorage.storage", os.getStorage(), errors);
    resources("spec.objectStorage.resources", os.getResources(), errors);
    var buckets = new HashSet<String>();
    for (int i = 0; i < os.getBuckets().size(); i++) {
      String bucket = os.getBuckets().get(i);
      if (bucket == null || !bucket.matches("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")) {
        errors.add(
            new FieldError(
                "spec.objectStorage.buckets[" + i + "]",
                "\"" + bucket + "\" is not a valid bucket name (3-63 of a-z, 0-9, '.', '-')"));
      } else if (!buckets.add(bucket)) {
        errors.add(
            new FieldError("spec.objectStorage.buckets[" + i + "]", bucket + " is listed twice"));
      }
    }
  }

  /**
   * Each range must be one a NetworkPolicy's ipBlock takes as written (canonical, so what the
   * platform reads is what is enforced) and must reach something besides link-local addresses,
   * which are always excluded (the metadata service hands out the node's cloud credentials).
   */
  private static void externalEgress(
      String path, List<ExternalEgressRule> rules, List<FieldError> errors) {
    if (rules == null) {
      return;
    }
    for (int i = 0; i < rules.size(); i++) {
      String field = path + "[" + i + "]";
      var rule = rules.get(i);
      if (rule == null || rule.getCidr() == null) {
        errors.add(new FieldError(field + ".cidr", "is required"));
        continue;
      }
      try {
        var cidr = Cidr.parse(rule.getCidr());
        if (!cidr.canonical()) {
          errors.add(
              new FieldError(
                  field + ".cidr",
                  "\"" + rule.getCidr() + "\" has host bits set; write " + cidr.canonicalForm()));
        } else if (Cidr.LINK_LOCAL.stream().anyMatch(l -> l.contains(cidr))) {
          errors.add(
              new FieldError(
                  field + ".cidr",
                  rule.getCidr()
                      + " is link-local (cloud metadata services live there); it is never"
                      + " reachable"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(field + ".cidr", e.getMessage()));
      }
      var ports = rule.getPorts() == null ? List.<Integer>of() : rule.getPorts();
      for (int j = 0; j < ports.size(); j++) {
        Integer port = ports.get(j);
        if (port == null || port < 1 || port > 65535) {
          errors.add(
              new FieldError(field + ".ports[" + j + "]", port + " is not a port (1-65535)"));
        }
      }
    }
  }

  private static void shrink(AmsInstanceSpec r, CurrentVolumes volumes, List<FieldError> errors) {
    var sizes = new java.util.LinkedHashMap<Component, String>();
    sizes.put(Component.POSTGRES, "spec.database.storage.size");
    sizes.put(Component.REDIS, "spec.redis.storage.size");
    sizes.put(Component.MINIO, "spec.objectStorage.storage.size");
    for (var entry : sizes.entrySet()) {
      String wanted = specSize(r, entry.getKey());
      var wantedBytes = Quantity.getAmountInBytes(new Quantity(wanted));
      volumes.claims().stream()
          .filter(c -> c.component() == entry.getKey())
          .filter(c -> Quantity.getAmountInBytes(new Quantity(c.size())).compareTo(wantedBytes) > 0)
          .findFirst()
          .ifPresent(
              c ->
                  errors.add(
                      new FieldError(
                          entry.getValue(),
                          "("
                              + wanted
                              + ") is smaller than the volume "
                              + c.name()
                              + " ("
                              + c.size()
                              + "); volumes can grow but never shrink")));
    }
  }

  private static String specSize(AmsInstanceSpec r, Component component) {
    return switch (component) {
      case POSTGRES -> r.getDatabase().getStorage().getSize();
      case REDIS -> r.getRedis().getStorage().getSize();
      case MINIO -> r.getObjectStorage().getStorage().getSize();
      default -> throw new IllegalArgumentException(component + " has no volume");
    };
  }

  private static void ingress(AmsInstanceSpec r, List<FieldError> errors) {
    var ingress = r.getIngress();
    if (ingress.getEnabled() && ingress.getTls().getEnabled() && ingress.getHost() == null) {
      errors.add(
          new FieldError(
              "spec.ingress.host",
              "is required when TLS is on (spec.ingress.tls.enabled, default true on tier "
                  + "Staging and Production)"));
    }
  }

  private static void secrets(AmsInstanceSpec r, List<FieldError> errors) {
    var s = r.getSecrets();
    if (s.getProvider() == SecretsProvider.ExternalSecrets
        && s.getExternalSecrets().getSecretStoreRef().getName() == null) {
      errors.add(
          new FieldError(
              "spec.secrets.externalSecrets.secretStoreRef.name",
              "is required when provider is ExternalSecrets"));
    }
  }

  private static void release(AmsInstanceSpec r, String name, List<FieldError> errors) {
    var release = r.getRelease();
    if (release.getStrategy() == ReleaseStrategy.Canary) {
      List<CanaryStep> steps = release.getCanary().getSteps();
      int lastWeight = 0;
      for (int i = 0; i < steps.size(); i++) {
        var step = steps.get(i);
        String path = "spec.release.canary.steps[" + i + "]";
        if ((step.getSetWeight() == null) == (step.getPause() == null)) {
          errors.add(new FieldError(path, "sets exactly one of setWeight or pause"));
        } else if (step.getSetWeight() != null) {
          if (step.getSetWeight() < lastWeight) {
            errors.add(
                new FieldError(
                    path + ".setWeight",
                    "("
                        + step.getSetWeight()
                        + ") is below the previous step's weight ("
                        + lastWeight
                        + "); canary weights must not decrease"));
          }
          lastWeight = Math.max(lastWeight, step.getSetWeight());
        }
      }
    }
    if (name != null
        && release.getMigration().getEnabled()
        && new ResourceNames(name).migrationJob(r.getVersion()).length() > DNS_LABEL_MAX) {
      errors.add(
          new FieldError(
              "spec.version",
              "too long: the migration Job name <name>-migrate-<version> must be at most "
                  + DNS_LABEL_MAX
                  + " characters"));
    }
  }
}
