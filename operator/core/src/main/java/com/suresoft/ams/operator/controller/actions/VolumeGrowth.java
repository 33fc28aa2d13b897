package com.suresoft.ams.operator.controller.actions;

import com.suresoft.ams.operator.model.data.DataVolumes;
import com.suresoft.ams.operator.status.DataIssue;
import com.suresoft.ams.operator.status.Reasons;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one write to objects the operator does not own, decided by {@link DataVolumes} and skipped
 * when nothing needs doing (a steady instance writes nothing): growing claims to the spec's size,
 * when their StorageClass allows expansion; otherwise, or when the API server refuses, the refusal
 * is reported as a {@link DataIssue}. A merge patch of one field, so nothing else the controllers
 * own is touched. (PostgreSQL pods are not written: the {@code -ro} Service's endpoints are the
 * operator's own EndpointSlice, see {@code PostgresEndpoints}.)
 */
public final class VolumeGrowth {
  private final KubernetesClient client;

  public VolumeGrowth(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Grows the claims in {@code namespace} the plan says need it ({@link DataVolumes#growth});
   * returns what could not be grown, and why.
   */
  public List<DataIssue> grow(String namespace, List<DataVolumes.Resize> resizes) {
    var issues = new ArrayList<DataIssue>();
    for (var resize : resizes) {
      var refusal = expansionRefusal(resize.storageClass());
      if (refusal.isPresent()) {
        issues.add(issue(resize, refusal.get()));
        continue;
      }
      try {
        client
            .persistentVolumeClaims()
            .inNamespace(namespace)
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
        Reasons.VOLUME_EXPANSION_FAILED,
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
