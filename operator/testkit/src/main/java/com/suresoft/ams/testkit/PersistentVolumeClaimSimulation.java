package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plays the volume binder, the provisioner and the resizer for PersistentVolumeClaims: a claim
 * whose StorageClass exists binds ({@code Bound}, capacity = request) at once, or, with {@code
 * volumeBindingMode: WaitForFirstConsumer}, once a pod uses it (a StatefulSet's pod for its claim,
 * or a Deployment whose template mounts it); a claim without a class, or with one the cluster does
 * not have, stays {@code Pending}. A bound claim whose request grows gets the new capacity (the
 * server has already refused growth that its class does not allow: {@link StorageClasses}).
 *
 * <p>Not modelled: PersistentVolume objects and {@code spec.volumeName}, resize conditions ({@code
 * FileSystemResizePending}), and pods waiting for their claims: a StatefulSet becomes ready whether
 * its claims are bound or not.
 */
final class PersistentVolumeClaimSimulation {

  private static final String STORAGE = "storage";

  private final KubernetesClient client;

  PersistentVolumeClaimSimulation(KubernetesClient client) {
    this.client = client;
  }

  /** Returns whether it wrote the status. */
  boolean reconcile(ObjectKey key) {
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(key.namespace()).withName(key.name()).get();
    if (claim == null) {
      return false;
    }
    PersistentVolumeClaimStatus current = claim.getStatus();
    PersistentVolumeClaimStatus wanted;
    if (current != null && "Bound".equals(current.getPhase())) {
      wanted = resized(claim, current);
    } else if (canBind(claim)) {
      wanted =
          new PersistentVolumeClaimStatusBuilder()
              .withPhase("Bound")
              .withAccessModes(claim.getSpec().getAccessModes())
              .withCapacity(requested(claim).map(q -> Map.of(STORAGE, q)).orElse(Map.of()))
              .build();
    } else {
      wanted = new PersistentVolumeClaimStatusBuilder().withPhase("Pending").build();
    }
    if (wanted.equals(current)) {
      return false;
    }
    claim.setStatus(wanted);
    client.resource(claim).updateStatus();
    return true;
  }

  private static PersistentVolumeClaimStatus resized(
      PersistentVolumeClaim claim, PersistentVolumeClaimStatus current) {
    Optional<Quantity> request = requested(claim);
    Quantity capacity = current.getCapacity() == null ? null : current.getCapacity().get(STORAGE);
    if (request.isEmpty()
        || (capacity != null
            && CanonicalQuantity.valueOf(request.get().toString())
                    .compareTo(CanonicalQuantity.valueOf(capacity.toString()))
                <= 0)) {
      return current;
    }
    return new PersistentVolumeClaimStatusBuilder(current)
        .addToCapacity(STORAGE, request.get())
        .build();
  }

  private boolean canBind(PersistentVolumeClaim claim) {
    String className = claim.getSpec().getStorageClassName();
    if (className == null || className.isEmpty()) {
      return false;
    }
    StorageClass storageClass = client.storage().v1().storageClasses().withName(className).get();
    if (storageClass == null) {
      return false;
    }
    return !"WaitForFirstConsumer".equals(storageClass.getVolumeBindingMode())
        || hasConsumer(claim);
  }

  /** Whether a (simulated) pod mounts the claim. */
  private boolean hasConsumer(PersistentVolumeClaim claim) {
    String namespace = claim.getMetadata().getNamespace();
    String name = claim.getMetadata().getName();
    boolean statefulSetPod =
        client.apps().statefulSets().inNamespace(namespace).list().getItems().stream()
            .anyMatch(set -> claimsOf(set).contains(name));
    return statefulSetPod
        || client.apps().deployments().inNamespace(namespace).list().getItems().stream()
            .filter(d -> Objects.requireNonNullElse(d.getSpec().getReplicas(), 1) > 0)
            .flatMap(
                d ->
                    Objects.requireNonNullElse(
                        d.getSpec().getTemplate().getSpec().getVolumes(), List.<Volume>of())
                        .stream())
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && name.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /** The claims the pods of a StatefulSet use: {@code <template>-<set>-<ordinal>}. */
  static List<String> claimsOf(StatefulSet set) {
    int replicas = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
    return Objects.requireNonNullElse(
            set.getSpec().getVolumeClaimTemplates(), List.<PersistentVolumeClaim>of())
        .stream()
        .flatMap(
            template ->
                java.util.stream.IntStream.range(0, replicas)
                    .mapToObj(
                        ordinal ->
                            template.getMetadata().getName()
                                + "-"
                                + set.getMetadata().getName()
                                + "-"
                                + ordinal))
        .toList();
  }

  private static Optional<Quantity> requested(PersistentVolumeClaim claim) {
    return Optional.ofNullable(claim.getSpec().getResources())
        .map(r -> r.getRequests())
        .map(r -> r.get(STORAGE));
  }
}
