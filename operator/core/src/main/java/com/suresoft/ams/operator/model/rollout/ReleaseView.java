package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.model.app.AppTierPlan;

/**
 * The part of a release plan the builders read: which app-tier Deployments exist at which version
 * and size, and where user traffic goes. An interface here, implemented by the planner's plan, so
 * that {@code model} (which renders a whole stack from it) does not depend on {@code release}.
 */
public interface ReleaseView {
  /** Which Deployments of web, API and worker exist, at which version and size. */
  AppTierPlan appTier();

  /** Where user traffic goes: Service selectors, preview and canary objects. */
  RoutingIntent routing();
}
