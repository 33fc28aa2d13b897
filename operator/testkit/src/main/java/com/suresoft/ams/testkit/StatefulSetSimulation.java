package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plays the StatefulSet controller: creates the PersistentVolumeClaims of the volume claim
 * templates (which bind as their StorageClass allows: {@link PersistentVolumeClaimSimulation}) and
 * reports every replica ready, unless a test holds the set back.
 *
 * <p>Claims are named {@code <template>-<set>-<ordinal>}, carry the template's labels plus the
 * selector's, and have no owner reference: they outlive their StatefulSet, as with the default
 * retention policy. Nothing is ever deleted here (scale-down keeps the claims, too).
 */
final class StatefulSetSimulation {

  private final KubernetesClient client;
  private final Holds holds;

  StatefulSetSimulation(KubernetesClient client, Holds holds) {
    this.client = client;
    this.holds = holds;
  }

  /** Returns whether it wrote anything (a claim or the status). */
  boolean reconcile(ObjectKey key) {
    StatefulSet set =
        client.apps().statefulSets().inNamespace(key.namespace()).withName(key.name()).get();
    if (set == null) {
      return false;
    }
    // The server defaults missing replicas to 1; an object stored before that rule had none.
    int replicas = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
    boolean wrote = false;
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      for (PersistentVolumeClaim template :
          Objects.requireNonNullElse(
              set.getSpec().getVolumeClaimTemplates(), List.<PersistentVolumeClaim>of())) {
        wrote |= ensureClaim(set, template, ordinal);
      }
    }
    StatefulSetStatus wanted = statusFor(set, replicas, holds.isHeld(key));
    if (wanted.equals(set.getStatus())) {
      return wrote;
    }
    set.setStatus(wanted);
    client.resource(set).updateStatus();
    return true;
  }

  private boolean ensureClaim(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
    String namespace = set.getMetadata().getNamespace();
    String name =
        template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
    var claims = client.persistentVolumeClaims().inNamespace(namespace);
    PersistentVolumeClaim claim = claims.withName(name).get();
    if (claim == null) {
      Map<String, String> labels =
          new LinkedHashMap<>(
              Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of()));
      if (set.getSpec().getSelector() != null
          && set.getSpec().getSelector().getMatchLabels() != null) {
        labels.putAll(set.getSpec().getSelector().getMatchLabels());
      }
      claims
          .resource(
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .withLabels(labels)
                  .withAnnotations(template.getMetadata().getAnnotations())
                  .endMetadata()
                  .withSpec(template.getSpec())
                  .build())
          .create();
      return true;
    }
    return false;
  }

  private StatefulSetStatus statusFor(StatefulSet set, int replicas, boolean held) {
    StatefulSetStatus current =
        Objects.requireNonNullElseGet(set.getStatus(), StatefulSetStatus::new);
    String revision =
        set.getMetadata().getName()
            + "-"
            + SimulatedStatus.hashOf(
                set.getSpec().getTemplate(), client.getKubernetesSerialization());
    return new StatefulSetStatusBuilder(current)
        .withObservedGeneration(set.getMetadata().getGeneration())
        .withReplicas(replicas)
        .withCurrentReplicas(SimulatedStatus.nonZero(replicas))
        .withUpdatedReplicas(SimulatedStatus.nonZero(replicas))
        .withReadyReplicas(held ? null : SimulatedStatus.nonZero(replicas))
        .withAvailableReplicas(held ? null : SimulatedStatus.nonZero(replicas))
        .withCurrentRevision(revision)
        .withUpdateRevision(revision)
        .build();
  }
}
