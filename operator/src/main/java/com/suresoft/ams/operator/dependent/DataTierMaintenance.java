package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.data.DataVolumes;
import com.suresoft.ams.operator.status.DataIssue;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The two writes to objects the operator does not own, both decided by {@link DataVolumes} and both
 * skipped when nothing needs doing (a steady instance writes nothing):
 *
 * <ul>
 *   <li>the role label on PostgreSQL pods, which the {@code -ro} Service selects (the StatefulSet
 *       controller creates the pods; a pod cannot label itself without API rights);
 *   <li>growing claims to the spec's size, when their StorageClass allows expansion; otherwise, or
 *       when the API server refuses, the refusal is reported as a {@link DataIssue}.
 * </ul>
 *
 * Both are merge patches of one field, so nothing else the controllers own is touched.
 */
public final class DataTierMaintenance {
  private final KubernetesClient client;

  public DataTierMaintenance(KubernetesClient client) {
    this.client = client;
  }

  public void labelRoles(InstanceModel m, List<Pod> pods) {
    var current = new HashMap<String, String>();
    var names = new ArrayList<String>();
    for (var pod : pods) {
      names.add(pod.getMetadata().getName());
      var labels = pod.getMetadata().getLabels();
      if (labels != null && labels.get(Labels.POSTGRES_ROLE) != null) {
        current.put(pod.getMetadata().getName(), labels.get(Labels.POSTGRES_ROLE));
      }
    }
    DataVolumes.roleLabels(m, names, current)
        .forEach(
            (pod, role) ->
                client
                    .pods()
                    .inNamespace(m.namespace())
                    .withName(pod)
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\""
                            + Labels.POSTGRES_ROLE
                            + "\":\""
                            + role
                            + "\"}}}"));
  }

  /** Grows the claims that need it; returns what could not be grown, and why. */
  public List<DataIssue> grow(InstanceModel m, List<PersistentVolumeClaim> claims) {
    var issues = new ArrayList<DataIssue>();
    for (var resize : DataVolumes.growth(m, claims)) {
      var refusal = expansionRefusal(resize.storageClass());
      if (refusal.isPresent()) {
        issues.add(issue(resize, refusal.get()));
        continue;
      }
      try {
        client
            .persistentVolumeClaims()
            .inNamespace(m.namespace())
            .withName(resize.claim())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + resize.to() + "\"}}}}");
      } catch (KubernetesClientException e) {
        if (e.getCode() == 422 || e.getCode() == 403 || e.getCode() == 400) {
          issues.add(issue(resize, "the API server refused: " + e.getStatus().getMessage()));
        } else {
          throw e;
        }
      }
    }
    return issues;
  }

  private Optional<String> expansionRefusal(String storageClass) {
    if (storageClass == null) {
      return Optional.empty();
    }
    var sc = client.storage().v1().storageClasses().withName(storageClass).get();
    if (sc != null && !Boolean.TRUE.equals(sc.getAllowVolumeExpansion())) {
      return Optional.of("StorageClass " + storageClass + " does not allow volume expansion");
    }
    return Optional.empty();
  }

  private static DataIssue issue(DataVolumes.Resize resize, String why) {
    return new DataIssue(
        DataIssue.VOLUME_EXPANSION_FAILED,
        "volume "
            + resize.claim()
            + " stays at "
            + resize.from()
            + " (spec asks "
            + resize.to()
            + "): "
            + why);
  }
}
