package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import java.util.List;
import java.util.Map;

/**
 * Which Deployments of web, API and worker exist, at which version and size, and which slot is
 * active (its Deployment is the one the HPA scales). Decided by the release planner.
 *
 * @param heldMinReplicas per autoscaled component, the {@code minReplicas} its HPA is held at while
 *     a release is under way (the stable size recorded at its start), so the HPA cannot shrink the
 *     slot that still carries traffic; empty between releases (the spec's minimum)
 */
public record AppTierPlan(
    Slot activeSlot, List<SlotPlan> slots, Map<Component, Integer> heldMinReplicas) {

  public AppTierPlan {
    slots = List.copyOf(slots);
    heldMinReplicas = Map.copyOf(heldMinReplicas);
  }

  /** A plan with no held minimum: between releases. */
  public AppTierPlan(Slot activeSlot, List<SlotPlan> slots) {
    this(activeSlot, slots, Map.of());
  }

  /** The spec of web, API or worker. */
  public static ComponentSpec componentSpec(InstanceModel m, Component c) {
    return switch (c) {
      case WEB -> m.spec().getWeb();
      case API -> m.spec().getApi();
      case WORKER -> m.spec().getWorker();
      default -> throw new IllegalArgumentException(c + " is not an app-tier component");
    };
  }

  /** Replicas the Deployment sets: none while an HPA owns them, so the two never fight. */
  public static Integer replicasOf(ComponentSpec spec) {
    return spec.getAutoscaling().getEnabled() ? null : spec.getReplicas();
  }
}
