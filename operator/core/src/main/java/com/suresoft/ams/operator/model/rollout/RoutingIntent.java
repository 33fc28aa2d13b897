package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;

/**
 * Where user traffic goes, independent of how it is routed.
 *
 * @param serviceSlot the slot the Services {@code <name>-web-service} and {@code
 *     <name>-api-service} select; {@code null}: both slots, because Istio picks the slot by
 *     DestinationRule subset and a subset only has endpoints the Service selects
 * @param previewSlot the slot the preview Services select; {@code null}: no preview Services
 * @param stableSlot the slot of the stable version
 * @param candidateSlot the slot of the candidate while it takes part in the release (Progressing,
 *     Paused, Promoting of blue-green or canary); {@code null} otherwise. The router's canary
 *     objects exist exactly while it is set.
 * @param candidateWeight percent of user traffic on the candidate: what its ready pods carry
 * @param headerRoute whether requests carrying the canary header go to the candidate (only while it
 *     has a ready web and API pod)
 * @param router the canary router whose objects should exist; {@code null}: none (rolling update,
 *     blue-green, or a canary routed by nothing but Services)
 * @param lingeringCanarySlot while the nginx canary Ingress of a release that ended is still in the
 *     cluster, the slot its canary Services keep selecting until it is gone ({@code null}
 *     otherwise), so the Ingress never points at a Service that no longer exists (the Services are
 *     applied before the Ingress, so they would otherwise be deleted first)
 */
public record RoutingIntent(
    Slot serviceSlot,
    Slot previewSlot,
    Slot stableSlot,
    Slot candidateSlot,
    int candidateWeight,
    boolean headerRoute,
    TrafficRouter router,
    Slot lingeringCanarySlot) {

  public RoutingIntent(
      Slot serviceSlot,
      Slot previewSlot,
      Slot stableSlot,
      Slot candidateSlot,
      int candidateWeight,
      boolean headerRoute,
      TrafficRouter router) {
    this(
        serviceSlot,
        previewSlot,
        stableSlot,
        candidateSlot,
        candidateWeight,
        headerRoute,
        router,
        null);
  }

  /**
   * The same routing, keeping the nginx canary Services on {@code slot} until their Ingress is
   * gone.
   */
  public RoutingIntent withLingeringCanaryServices(Slot slot) {
    return new RoutingIntent(
        serviceSlot,
        previewSlot,
        stableSlot,
        candidateSlot,
        candidateWeight,
        headerRoute,
        router,
        slot);
  }

  /** The slot that serves user traffic through the Services: all of it, no canary objects. */
  public static RoutingIntent single(Slot slot) {
    return new RoutingIntent(slot, null, slot, null, 0, false, null);
  }

  /** Whether any user request can reach the candidate slot. */
  public boolean candidateReceivesTraffic() {
    return candidateSlot != null
        && (candidateWeight > 0 || headerRoute || candidateSlot.equals(serviceSlot));
  }
}
