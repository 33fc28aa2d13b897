package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.app.AppTierPlan;
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
    List<ReleaseEvent> events) {}
