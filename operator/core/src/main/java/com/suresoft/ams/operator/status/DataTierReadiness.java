package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.data.CloudNativePg;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.data.ObjectStorage;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the data tier is ready for the app, a pure function of what the informers hold (the data
 * workloads' readiness, CloudNativePG's presence and its Cluster's status) and of the key names of
 * the Secrets it reads but the operator does not write (External modes, CNPG's app Secret). The
 * workflow's gate and the status both use it, so what holds the app back is exactly what the status
 * shows.
 */
public final class DataTierReadiness {
  private DataTierReadiness() {}

  /** What the informers hold about the data tier of one instance. */
  public record Facts(
      Map<String, StatefulSet> statefulSets,
      Map<String, Deployment> deployments,
      // Key names of the Secrets the instance reads but the operator does not write
      // (DataTier#readSecrets), by name; a missing Secret has no entry.
      Map<String, Set<String>> secrets,
      boolean cnpgInstalled,
      Optional<GenericKubernetesResource> cnpgCluster) {}

  /** Per data component its readiness; the issues that need a human; and the verdict. */
  public record Result(Map<Component, ComponentObservation> components, List<DataIssue> issues) {
    public boolean ready() {
      return issues.isEmpty()
          && components.values().stream().allMatch(c -> c.readiness().isReady());
    }

    /** Whether a component's workload was not there to observe (it reports no version then). */
    public boolean missesAWorkload() {
      return components.values().stream().anyMatch(c -> c.version() == null);
    }

    /** Why the app tier waits, for messages; empty when ready. */
    public String waitingFor() {
      var parts = new ArrayList<String>();
      issues.forEach(i -> parts.add(i.message()));
      components.forEach(
          (c, o) -> {
            if (!o.readiness().isReady()) {
              parts.add(c.label() + " " + o.readiness().summary());
            }
          });
      return String.join(", ", parts);
    }
  }

  public static Result evaluate(InstanceModel m, Facts facts) {
    var components = new LinkedHashMap<Component, ComponentObservation>();
    var issues = new ArrayList<DataIssue>();
    for (var w : DataTier.workloads(m)) {
      WorkloadReadiness readiness =
          switch (w.kind()) {
            case STATEFUL_SET ->
                Optional.ofNullable(facts.statefulSets().get(w.name()))
                    .map(WorkloadReadiness::of)
                    .orElse(WorkloadReadiness.missing(w.desired()));
            case DEPLOYMENT ->
                Optional.ofNullable(facts.deployments().get(w.name()))
                    .map(WorkloadReadiness::of)
                    .orElse(WorkloadReadiness.missing(w.desired()));
          };
      components.put(w.component(), new ComponentObservation(readiness, imageTag(facts, w.name())));
    }
    var db = m.spec().getDatabase();
    if (db.getMode() == DatabaseMode.External) {
      requireKeys(
          facts,
          db.getExternalSecretName(),
          "spec.database.externalSecretName",
          List.of(SecretKeys.DATABASE_URL),
          issues);
    }
    if (db.getMode() == DatabaseMode.CloudNativePG) {
      if (!facts.cnpgInstalled()) {
        issues.add(
            new DataIssue(
                Reasons.CLOUDNATIVEPG_NOT_INSTALLED,
                "database.mode is CloudNativePG but the CRD "
                    + CloudNativePg.CLUSTER_CRD
                    + " is not installed, or serves no version the operator writes ("
                    + String.join(", ", OptionalCrd.CNPG_CLUSTER.versions())
                    + "); install the CloudNativePG operator"));
      } else {
        components.put(Component.POSTGRES, cnpgReadiness(m, facts));
        if (!facts.secrets().containsKey(m.names().cnpgAppSecret())) {
          // CNPG writes it once the cluster is initialised: not an issue, a wait.
          components.put(
              Component.POSTGRES,
              new ComponentObservation(new WorkloadReadiness(0, db.getInstances(), false), null));
        }
      }
    }
    var os = m.spec().getObjectStorage();
    if (os.getMode() == ObjectStorageMode.External) {
      requireKeys(
          facts,
          os.getExternalSecretName(),
          "spec.objectStorage.externalSecretName",
          List.of(
              ObjectStorage.KEY_ENDPOINT,
              ObjectStorage.KEY_ACCESS_KEY,
              ObjectStorage.KEY_SECRET_KEY),
          issues);
    }
    return new Result(components, issues);
  }

  private static void requireKeys(
      Facts facts, String name, String field, List<String> keys, List<DataIssue> issues) {
    var present = facts.secrets().get(name);
    if (present == null) {
      issues.add(
          new DataIssue(
              Reasons.EXTERNAL_SECRET_MISSING, "Secret " + name + " (" + field + ") not found"));
      return;
    }
    var missing = keys.stream().filter(k -> !present.contains(k)).toList();
    if (!missing.isEmpty()) {
      issues.add(
          new DataIssue(
              Reasons.EXTERNAL_SECRET_MISSING,
              "Secret " + name + " (" + field + ") has no key " + String.join(", ", missing)));
    }
  }

  /** CNPG reports {@code status.readyInstances} out of {@code spec.instances}. */
  private static ComponentObservation cnpgReadiness(InstanceModel m, Facts facts) {
    int desired = m.spec().getDatabase().getInstances();
    return facts
        .cnpgCluster()
        .map(
            c -> {
              Object status = c.getAdditionalProperties().get("status");
              int ready = 0;
              if (status instanceof Map<?, ?> s && s.get("readyInstances") instanceof Number n) {
                ready = n.intValue();
              }
              return new ComponentObservation(new WorkloadReadiness(ready, desired, true), null);
            })
        .orElse(new ComponentObservation(WorkloadReadiness.missing(desired), null));
  }

  private static String imageTag(Facts facts, String name) {
    io.fabric8.kubernetes.api.model.PodSpec pod = null;
    if (facts.statefulSets().containsKey(name)) {
      pod = facts.statefulSets().get(name).getSpec().getTemplate().getSpec();
    } else if (facts.deployments().containsKey(name)) {
      pod = facts.deployments().get(name).getSpec().getTemplate().getSpec();
    }
    if (pod == null || pod.getContainers().isEmpty()) {
      return null;
    }
    String image = pod.getContainers().get(0).getImage();
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : null;
  }
}
