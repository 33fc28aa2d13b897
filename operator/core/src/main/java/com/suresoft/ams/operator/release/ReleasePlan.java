package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.ReleaseView;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a reconcile should do for the release, decided by {@link ReleasePlanner}: the next
 * {@code status.release}, the app-tier Deployments, where traffic goes, the Jobs that should exist,
 * when to look again (timers only; Job and Deployment changes arrive as events), and the Events to
 * record.
 */
public record ReleasePlan(
    ReleaseStatus status,
    AppTierPlan appTier,
    RoutingIntent routing,
    List<JobRequest> jobs,
    Optional<Duration> requeueAfter,
    List<ReleaseEvent> events)
    implements ReleaseView {

  /** Only the app-tier Deployments, for rendering the objects built from those alone. */
  public static ReleasePlan appTierOnly(AppTierPlan appTier) {
    return new ReleasePlan(null, appTier, null, null, null, null);
  }

  /** The same plan with {@code routing} instead. */
  public ReleasePlan withRouting(RoutingIntent routing) {
    return new ReleasePlan(status, appTier, routing, jobs, requeueAfter, events);
  }

  /**
   * The same plan for a cluster without Istio: Services select one slot (the stable one, the
   * candidate once promoted), because Services that select both slots without a VirtualService in
   * front would split traffic by pod count. The candidate gets no traffic before promotion then;
   * the Routing condition says why.
   */
  public ReleasePlan withoutMesh() {
    if (routing.router() != TrafficRouter.Istio) {
      return this;
    }
    var r = routing;
    Slot serving =
        r.candidateSlot() != null && r.candidateWeight() == 100
            ? r.candidateSlot()
            : r.stableSlot();
    var plain =
        new RoutingIntent(
            serving, r.previewSlot(), r.stableSlot(), r.candidateSlot(), 0, false, null);
    return new ReleasePlan(status, appTier, plain, jobs, requeueAfter, events);
  }
}
