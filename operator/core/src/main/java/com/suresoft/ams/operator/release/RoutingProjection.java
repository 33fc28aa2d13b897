package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;

/**
 * Where user traffic goes for a decided release state, by the candidate's ready capacity, as Argo
 * Rollouts routes: the steps decide the weight the release has reached ({@code stepWeight}); what
 * is routed is that weight as far as the candidate's ready pods carry it. So a scale-up for the
 * next step never withdraws the weight already carried, pods that become unready take their share
 * with them (and give it back when they recover), and a weight is never routed to pods that are not
 * there.
 */
final class RoutingProjection {
  private RoutingProjection() {}

  /** The percentage of user traffic routed to the candidate (0 when it is not in its slot). */
  static int routedWeight(Planning p) {
    if (!p.candidateInSlot()) {
      return 0;
    }
    var s = p.s;
    if (p.releaseStrategy() == ReleaseStrategy.BlueGreen) {
      // Services switch whole: onto the candidate only when it is ready at full size (at
      // promotion, or again after a fall-back), back to the old slot (still running until the
      // release completes) only when a routed component has no ready pod left.
      if (s.getPhase() != ReleasePhase.Promoting) {
        return 0;
      }
      boolean serving = p.candidateRouted() == 100;
      return (serving ? p.size.candidateServes() : p.size.candidateAtFullSize(Sizing.ROUTED))
          ? 100
          : 0;
    }
    int reached = s.getStepWeight() == null ? 0 : s.getStepWeight();
    return Math.min(reached, p.size.capacity());
  }

  static RoutingIntent of(Planning p, int weight) {
    var s = p.s;
    Slot active = s.getActiveSlot();
    // A release keeps the strategy it started with; between releases the spec's applies, so
    // switching away from an Istio canary removes its routing objects at once.
    ReleaseStrategy strategy =
        s.getCandidateVersion() == null ? p.spec.getStrategy() : p.releaseStrategy();
    TrafficRouter router =
        strategy == ReleaseStrategy.Canary ? p.spec.getCanary().getTrafficRouter() : null;
    // Istio picks slots by subset, so its Services select both slots all the time; switching a
    // selector there would bypass the VirtualService weights.
    Slot serviceSlotOf = router == TrafficRouter.Istio ? null : active;
    if (!p.candidateInSlot()) {
      return new RoutingIntent(serviceSlotOf, null, active, null, 0, false, router);
    }
    Slot candidate = p.candidateSlot();
    Slot serving = weight == 100 ? candidate : active;
    if (strategy == ReleaseStrategy.BlueGreen) {
      Slot preview = p.spec.getBlueGreen().getPreviewService() ? candidate : null;
      return new RoutingIntent(serving, preview, active, candidate, weight, false, null);
    }
    return new RoutingIntent(
        router == TrafficRouter.Istio ? null : serving,
        null,
        active,
        candidate,
        weight,
        p.size.candidateServes(),
        router);
  }
}
