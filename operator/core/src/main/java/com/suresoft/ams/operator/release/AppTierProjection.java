package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Which Deployments the app tier should have, at which version and size, for a decided release
 * state. Sizes come from {@link Sizing}; the strategy steps decide only the candidate's share.
 */
final class AppTierProjection {
  private AppTierProjection() {}

  private static final EnumSet<ReleasePhase> UNDER_WAY =
      EnumSet.of(
          ReleasePhase.Migrating,
          ReleasePhase.Progressing,
          ReleasePhase.Paused,
          ReleasePhase.Promoting);

  static AppTierPlan of(Planning p) {
    var s = p.s;
    Slot active = s.getActiveSlot();
    var slots = new ArrayList<SlotPlan>();
    if (s.getStableVersion() == null) {
      // First install: no pod before the migration has succeeded.
      return new AppTierPlan(active, slots);
    }
    ReleasePhase phase = s.getPhase();
    boolean underWay = s.getCandidateVersion() != null && UNDER_WAY.contains(phase);
    Map<Component, Integer> held =
        underWay ? heldMinimums(p, phase == ReleasePhase.Promoting) : Map.of();
    boolean twoSlots =
        s.getCandidateVersion() != null && p.releaseStrategy() != ReleaseStrategy.RollingUpdate;
    if (!twoSlots) {
      String v =
          phase == ReleasePhase.Progressing && s.getCandidateVersion() != null
              ? s.getCandidateVersion()
              : s.getStableVersion();
      for (Component c : Component.APP_TIER) {
        slots.add(new SlotPlan(c, active, v, serving(p, c, active)));
      }
      // A blue-green or canary release that was reverted: the slot it left keeps its pods a while.
      slots.addAll(draining(p, active.other()));
      return new AppTierPlan(active, slots, held);
    }
    Slot candidate = p.candidateSlot();
    if (phase == ReleasePhase.Promoting) {
      boolean workerMoved =
          p.size.readyAt(
              Component.WORKER, candidate, s.getCandidateVersion(), p.size.total(Component.WORKER));
      for (Component c : Component.APP_TIER) {
        slots.add(new SlotPlan(c, candidate, s.getCandidateVersion(), serving(p, c, candidate)));
        // The old slot keeps full size for an instant rollback; the worker alone stops once
        // the new worker runs, so two versions do not consume the queues for long.
        int old = c == Component.WORKER && workerMoved ? 0 : p.size.total(c);
        slots.add(new SlotPlan(c, active, s.getStableVersion(), old));
      }
      return new AppTierPlan(candidate, slots, held);
    }
    boolean candidateRuns = phase == ReleasePhase.Progressing || phase == ReleasePhase.Paused;
    List<SlotPlan> drained = candidateRuns ? List.of() : draining(p, candidate);
    for (Component c : Component.APP_TIER) {
      slots.add(new SlotPlan(c, active, s.getStableVersion(), serving(p, c, active)));
      if (candidateRuns) {
        int replicas =
            p.releaseStrategy() == ReleaseStrategy.Canary
                ? CanarySteps.candidateReplicas(p, c)
                : BlueGreenSteps.candidateReplicas(p, c);
        slots.add(new SlotPlan(c, candidate, s.getCandidateVersion(), replicas));
      } else if (drained.stream().noneMatch(d -> d.component() == c)) {
        // Migrating (no candidate pod before the migration), Aborted, Failed.
        slots.add(new SlotPlan(c, candidate, s.getCandidateVersion(), 0));
      }
    }
    slots.addAll(drained);
    return new AppTierPlan(active, slots, held);
  }

  /**
   * Replicas of a slot an HPA owns: none (the HPA sets them), except when the Deployment stands at
   * 0, which an HPA never scales (a blue-green candidate's worker, an old slot's stopped worker
   * after a revert): the operator sizes it first, and the HPA takes it over from there.
   */
  private static Integer serving(Planning p, Component c, Slot slot) {
    Integer replicas = AppTierPlan.replicasOf(AppTierPlan.componentSpec(p.m, c));
    if (replicas != null) {
      return replicas;
    }
    boolean atZero = p.in.slots().get(c, slot).map(o -> o.desiredReplicas() == 0).orElse(false);
    return atZero ? p.size.total(c) : null;
  }

  /**
   * The HPAs' minimum during a release: the recorded stable size while the stable slot takes
   * traffic, the new slot's full size once it took it all ({@code promoting}).
   */
  private static Map<Component, Integer> heldMinimums(Planning p, boolean promoting) {
    var held = new EnumMap<Component, Integer>(Component.class);
    for (Component c : Component.APP_TIER) {
      if (p.size.autoscaled(c)) {
        held.put(c, promoting ? p.size.heldAtFullSize(c) : p.size.heldMinimum(c));
      }
    }
    return held;
  }

  /**
   * The web and API of the slot traffic was just taken off, as they run now, until {@code
   * status.release.scaleDownAt}: proxies may still send to them while routes drain. No traffic
   * reaches the worker, which consumes the shared queues, so it stops at once. Empty once that time
   * has passed.
   */
  private static List<SlotPlan> draining(Planning p, Slot slot) {
    if (!p.draining()) {
      return List.of();
    }
    var kept = new ArrayList<SlotPlan>();
    for (Component c : Sizing.ROUTED) {
      p.in
          .slots()
          .get(c, slot)
          .filter(o -> o.version() != null && o.desiredReplicas() > 0)
          .ifPresent(o -> kept.add(new SlotPlan(c, slot, o.version(), o.desiredReplicas())));
    }
    return kept;
  }
}
