package com.suresoft.ams.operator.controller.actions;

import com.suresoft.ams.operator.model.FieldManagers;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Map;

/**
 * Hands {@code spec.replicas} of a Deployment over to its HPA without a dip. During a release the
 * operator sets the candidate's replicas itself (they follow the canary weight); once that slot
 * serves everything the HPA owns them and the operator's apply leaves the field out. Server-side
 * apply removes a field its only owner leaves out, and the API server then defaults it to 1: a
 * Deployment of 6 pods would drop to 1 until the HPA noticed. So, before that apply, a second field
 * manager applies the current value, becoming a co-owner (the Kubernetes documentation's "transfer
 * ownership" recipe); the field then survives the operator's apply and is the HPA's from its next
 * scale on.
 */
public final class ReplicaHandover {
  public static final String FIELD_MANAGER = FieldManagers.REPLICA_HANDOVER;

  private ReplicaHandover() {}

  /** Returns the number of writes (one per Deployment handed over; zero in the steady state). */
  public static int prepare(
      KubernetesClient client,
      String fieldManager,
      ResourceNames names,
      AppTierPlan plan,
      Collection<Deployment> current) {
    int writes = 0;
    for (SlotPlan slot : plan.slots()) {
      if (slot.replicas() != null) {
        continue;
      }
      for (Deployment d : current) {
        if (d.getMetadata().getName().equals(names.deployment(slot.component(), slot.slot()))
            && d.getSpec().getReplicas() != null
            && ownsReplicas(d, fieldManager)) {
          var config =
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("apps/v1")
                  .withKind("Deployment")
                  .withNewMetadata()
                  .withName(d.getMetadata().getName())
                  .withNamespace(d.getMetadata().getNamespace())
                  .endMetadata()
                  .addToAdditionalProperties("spec", Map.of("replicas", d.getSpec().getReplicas()))
                  .build();
          client.resource(config).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
          writes++;
        }
      }
    }
    return writes;
  }

  /** Whether {@code manager} applied {@code spec.replicas} (so leaving it out would remove it). */
  static boolean ownsReplicas(Deployment d, String manager) {
    if (d.getMetadata().getManagedFields() == null) {
      return false;
    }
    for (ManagedFieldsEntry e : d.getMetadata().getManagedFields()) {
      if (manager.equals(e.getManager())
          && "Apply".equals(e.getOperation())
          && e.getFieldsV1() != null
          && e.getFieldsV1().getAdditionalProperties().get("f:spec") instanceof Map<?, ?> spec
          && spec.containsKey("f:replicas")) {
        return true;
      }
    }
    return false;
  }
}
