package com.suresoft.ams.operator.release;

import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Aborted;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Failed;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Migrating;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Paused;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Progressing;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Promoting;
import static com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase.Stable;
import static com.suresoft.ams.operator.model.Component.API;
import static com.suresoft.ams.operator.model.Component.WEB;
import static com.suresoft.ams.operator.model.Component.WORKER;

import com.suresoft.ams.operator.api.v1alpha1.spec.CanaryStep;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The release contract, checked on every plan of a {@link ReleaseModelTest} sequence against the
 * observation it was planned from (and what the previous plan had applied). Each invariant has a
 * name, which failure messages start with; {@code -DreleaseModel.only=name,...} checks only those,
 * {@code -DreleaseModel.ignore=name,...} skips some (to look for the next violation while one is
 * known).
 *
 * <p>Terms, as in the contract: base(c) is {@code status.release.stableReplicas[c]}, the stable
 * slot's size when the release started; total(c) is the spec's replicas, or with an HPA max(base,
 * the HPA's desired count); the candidate's capacity is the least over web and api of floor(100 *
 * ready candidate pods / base). "Same release": the same candidate and startedAt before and after.
 *
 * <ul>
 *   <li>State: {@code statusRoundTrips} (status.release survives JSON), {@code inputsUnchanged},
 *       {@code stableReplicasRecorded} (the stable slot's sizes at the start, kept while the
 *       release runs).
 *   <li>Tokens: {@code tokensActOnce} (a handled token changes nothing; one that acts is recorded).
 *   <li>Routing: {@code canaryWeightIsRouted} (canaryWeight = routed weight), {@code
 *       weightWithinReadyCapacity}, {@code weightFollowsSteps} (routed = min(stepWeight,
 *       capacity)), {@code stepWeightRaisedOnlyWhenReady}, {@code weightNeverBackwards} (in the
 *       same release not below min(previous, capacity)), {@code headerRouteOnlyWithReadyPods},
 *       {@code headerRouteStays}, {@code noCandidateNoCanaryRoute}.
 *   <li>Services: {@code servicesSwitchOnlyToReadySlot}, {@code blueGreenSwitchAtFullSize}, {@code
 *       blueGreenSwitchAfterSmokeCheck}, {@code promotionNotLost} (an early blue-green promote is
 *       kept in promotionRequested).
 *   <li>Sizes: {@code stableHoldsItsShare} (planned replicas or held HPA minimum), {@code
 *       candidateSizedForWeight}, {@code candidateWorkerOnlyAtFullPromotion}, {@code
 *       fullPromotionSizesEveryComponent}, {@code completesOnlyWhenReady}, {@code
 *       completesAfterScaleDownDelay}.
 *   <li>Stopping: {@code abortReturnsTrafficToStable}, {@code revertKeepsStable}, {@code
 *       candidateKeepsPodsWhileDraining} and {@code candidateScaledDownAfterDrain}
 *       (abortScaleDownDelaySeconds).
 *   <li>spec.paused and timers: {@code pausedNoAdvance}, {@code pausedNeverRaises}, {@code
 *       timersRunOnUnpausedTime} (pause steps, auto-promotion), {@code deadlineNotEarly}.
 *   <li>Jobs: {@code noReplaceOfRunningJob}, {@code oneMigrationAtATime}, {@code
 *       noCandidatePodsBeforeMigration}.
 *   <li>Metric checks: {@code analysisErrorsAreNotFailures}, {@code analysisErrorsCounted}, {@code
 *       errorLimitAborts}, {@code failureLimitAborts}.
 * </ul>
 *
 * <p>Liveness ({@code settlesToRest}) is checked by {@link ReleaseModelTest#run}.
 */
final class ReleaseInvariants {

  /** Invariant names to skip, from {@code -DreleaseModel.ignore=a,b}. */
  static final Set<String> IGNORED = names("releaseModel.ignore");

  /** If given, the only invariants checked, from {@code -DreleaseModel.only=a,b}. */
  static final Set<String> ONLY = names("releaseModel.only");

  private static Set<String> names(String property) {
    return Arrays.stream(System.getProperty(property, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the invariant called {@code name} is checked in this run. */
  static boolean checked(String name) {
    return !IGNORED.contains(name) && (ONLY.isEmpty() || ONLY.contains(name));
  }

  private static final Set<ReleasePhase> UNDER_WAY =
      EnumSet.of(Migrating, Progressing, Paused, Promoting);
  private static final Set<ReleasePhase> STOPPED = EnumSet.of(Aborted, Failed);
  private static final List<Component> ROUTED = List.of(WEB, API);
  private static final int TRACE = 30;

  private final ClusterModel cluster;
  private final Deque<String> trace = new ArrayDeque<>();

  // ---- what the checks remember of the release under way ----

  /** candidate@startedAt of the release the last plan was in. */
  private String identity;

  /**
   * The stable slot's sizes when that release started, as observed (for a planner lacking them).
   */
  private Map<Component, Integer> recordedBase = Map.of();

  /**
   * Unpaused seconds (the model's release clock) when the release, its step, preview, promotion
   * began.
   */
  private long identityStart;

  private Integer step;
  private long stepStart;
  private long previewStart = -1;
  private long promotingStart = -1;

  /** A promote token was given during this release (so a promotion need not be the timer's). */
  private boolean promotedByAction;

  /** A blue-green promote came before the candidate was ready: it must not be lost. */
  private boolean promotionWanted;

  /** Traffic was taken off a candidate: it keeps its pods until {@code until}. */
  private record Drain(
      Slot slot,
      String version,
      String startedAt,
      Map<Component, Integer> desired,
      Instant until) {}

  private Drain drain;

  ReleaseInvariants(ClusterModel cluster) {
    this.cluster = cluster;
  }

  void note(String line) {
    trace.addLast(line);
    while (trace.size() > TRACE) {
      trace.removeFirst();
    }
  }

  String trace() {
    return String.join("\n  ", trace);
  }

  /** Checks {@code plan}, made from {@code in}, before the cluster applies it. */
  void check(ReleaseInputs in, ReleasePlan plan) {
    new Check(in, plan).run();
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private static String identity(ReleaseStatus s) {
    return s == null || s.getCandidateVersion() == null
        ? null
        : s.getCandidateVersion() + "@" + s.getStartedAt();
  }

  private static int ceilPercent(int n, int percent) {
    return (int) Math.ceil(n * percent / 100.0);
  }

  /** One plan under check. */
  private final class Check {
    final ReleaseInputs in;
    final ReleasePlan plan;
    final ReleaseStatus before;
    final ReleaseStatus after;
    final RoutingIntent r;
    final InstanceModel m;
    final ReleaseSpec spec;
    final ObservedSlots obs;
    final String specVersion;
    final ReleaseStrategy strategy;
    final boolean same;
    final boolean newRelease;
    final long clock;
    final Set<Action> fresh = EnumSet.noneOf(Action.class);

    Check(ReleaseInputs in, ReleasePlan plan) {
      this.in = in;
      this.plan = plan;
      // The stored status, not the object handed to the planner (which must not change it).
      this.before = cluster.status();
      this.after = plan.status();
      this.r = plan.routing();
      this.m = in.model();
      this.spec = m.spec().getRelease();
      this.obs = in.slots();
      this.specVersion = m.spec().getVersion();
      this.strategy =
          after.getStrategy() == null
              ? spec.getStrategy()
              : ReleaseStrategy.valueOf(after.getStrategy());
      String idBefore = identity(before);
      String idAfter = identity(after);
      this.same = idBefore != null && idBefore.equals(idAfter);
      this.newRelease = idAfter != null && !idAfter.equals(identity);
      this.clock = cluster.unpausedSeconds;
      for (Action a : Action.values()) {
        String token = in.annotations().get(a.annotation());
        if (token != null && !token.equals(handled(before, a))) {
          fresh.add(a);
        }
      }
    }

    void run() {
      if (newRelease) {
        identity = identity(after);
        var base = new EnumMap<Component, Integer>(Component.class);
        for (Component c : Component.APP_TIER) {
          base.put(c, obs.get(c, after.getActiveSlot()).map(o -> o.desiredReplicas()).orElse(0));
        }
        recordedBase = base;
        identityStart = clock;
        step = null;
        previewStart = -1;
        promotingStart = -1;
        promotedByAction = false;
        promotionWanted = false;
      }
      statusRoundTrips();
      tokensActOnce();
      routing();
      services();
      sizes();
      completion();
      stopping();
      paused();
      jobs();
      analysis();
      timers();
      records();
      promotion();
      remember();
    }

    // ---- helpers ----

    void fail(String invariant, String message) {
      if (!checked(invariant)) {
        return;
      }
      throw new AssertionError(
          invariant
              + ": "
              + message
              + "\n config: "
              + cluster.config
              + "\n at +"
              + (in.now().getEpochSecond() - ClusterModel.T0.getEpochSecond())
              + "s, spec.version "
              + specVersion
              + (in.paused() ? " (paused)" : "")
              + "\n before: "
              + summary(before)
              + "\n after:  "
              + summary(after)
              + "\n routing: "
              + r
              + "\n app tier: "
              + plan.appTier()
              + "\n jobs: "
              + plan.jobs()
              + "\n events: "
              + plan.events()
              + "\n seen: "
              + cluster.describe()
              + "\n trace (last "
              + TRACE
              + "):\n  "
              + trace());
    }

    String handled(ReleaseStatus s, Action a) {
      return s == null || s.getHandledActions() == null ? null : s.getHandledActions().get(a.key());
    }

    boolean autoscaled(Component c) {
      return AppTierPlan.componentSpec(m, c).getAutoscaling().getEnabled();
    }

    /** base(c): the status's record, or (for a planner that keeps none) the observed one. */
    int base(Component c) {
      for (ReleaseStatus s : new ReleaseStatus[] {after, before}) {
        if (s != null && s.getStableReplicas() != null) {
          Integer b = s.getStableReplicas().get(c.label());
          if (b != null) {
            return b;
          }
        }
      }
      return recordedBase.getOrDefault(c, 0);
    }

    int total(Component c) {
      var cs = AppTierPlan.componentSpec(m, c);
      if (!cs.getAutoscaling().getEnabled()) {
        return cs.getReplicas();
      }
      return Math.max(base(c), obs.hpaReplicas(c).orElse(0));
    }

    int ready(Component c, Slot slot, String version) {
      if (slot == null || version == null) {
        return 0;
      }
      return obs.get(c, slot)
          .filter(o -> version.equals(o.version()))
          .map(o -> o.readyReplicas())
          .orElse(0);
    }

    Slot candidateSlot() {
      return r.candidateSlot();
    }

    int readyCandidate(Component c) {
      return ready(c, candidateSlot(), after.getCandidateVersion());
    }

    /** The weight the candidate's ready web and api pods carry. */
    int capacity() {
      int cap = 100;
      for (Component c : ROUTED) {
        int b = base(c);
        if (b > 0) {
          cap = Math.min(cap, (int) Math.floor(100.0 * readyCandidate(c) / b));
        }
      }
      return cap;
    }

    Slot stableSlot() {
      return after.getActiveSlot();
    }

    SlotPlan slotPlan(Component c, Slot slot) {
      return plan.appTier().slots().stream()
          .filter(s -> s.component() == c && s.slot() == slot)
          .findFirst()
          .orElse(null);
    }

    /**
     * The fewest replicas the plan leaves the slot with: its number; without one, the HPA's (held)
     * minimum if the HPA targets the slot (0 if the slot is at 0: the HPA never scales it up), else
     * what the Deployment has; 0 if the plan drops the slot.
     */
    int floor(Component c, Slot slot) {
      SlotPlan sp = slotPlan(c, slot);
      if (sp == null) {
        return 0;
      }
      if (sp.replicas() != null) {
        return sp.replicas();
      }
      var d = cluster.deployment(c, slot);
      if (autoscaled(c) && plan.appTier().activeSlot() == slot) {
        return d.isPresent() && d.get().desired == 0
            ? 0
            : ClusterModel.heldMin(m, plan.appTier(), c);
      }
      return d.map(x -> x.desired).orElse(1);
    }

    /** The weight the previous plan routed to this plan's candidate slot. */
    int appliedWeight() {
      var applied = cluster.routing;
      return applied != null && Objects.equals(applied.candidateSlot(), candidateSlot())
          ? applied.candidateWeight()
          : 0;
    }

    boolean servicesOnStable(Slot stable) {
      return r.serviceSlot() == null
          ? r.router() == TrafficRouter.Istio
          : r.serviceSlot() == stable;
    }

    boolean event(String reason) {
      return plan.events().stream().anyMatch(e -> e.reason().equals(reason));
    }

    List<CanaryStep> steps() {
      return spec.getCanary().getSteps();
    }

    String readiness() {
      var s = new StringBuilder("candidate ready");
      for (Component c : Component.APP_TIER) {
        s.append(' ')
            .append(c.label())
            .append(' ')
            .append(readyCandidate(c))
            .append(" (base ")
            .append(base(c))
            .append(", total ")
            .append(total(c))
            .append(')');
      }
      return s.append(", capacity ").append(capacity()).append('%').toString();
    }

    // ---- status: the only state ----

    void statusRoundTrips() {
      if (!ClusterModel.toJson(in.status()).equals(ClusterModel.toJson(before))) {
        fail("inputsUnchanged", "the planner changed the status it was given");
      }
      String json = ClusterModel.toJson(after);
      String again = ClusterModel.toJson(ClusterModel.fromJson(json));
      if (!json.equals(again)) {
        fail("statusRoundTrips", "status.release changes through JSON: " + json + " -> " + again);
      }
    }

    // ---- action tokens act once ----

    ReleasePlan planWithout(Set<Action> removed) {
      var annotations = new LinkedHashMap<>(in.annotations());
      removed.forEach(a -> annotations.remove(a.annotation()));
      var status =
          in.status() == null ? null : ClusterModel.fromJson(ClusterModel.toJson(in.status()));
      return ReleasePlanner.plan(
          new ReleaseInputs(
              in.model(),
              status,
              in.slots(),
              in.migration(),
              in.smokeCheck(),
              in.analysis(),
              annotations,
              in.paused(),
              in.runningMigrations(),
              in.now()));
    }

    /** The plan as data; {@code material}: without what a token records or ignoring it says. */
    List<Object> fingerprint(ReleasePlan p, boolean material) {
      var events = p.events();
      Object status;
      if (material) {
        events = events.stream().filter(e -> !e.reason().equals("ActionIgnored")).toList();
        status = material(p.status());
      } else {
        status = ClusterModel.toJson(p.status());
      }
      return Arrays.asList(status, p.appTier(), p.routing(), p.jobs(), events);
    }

    void tokensActOnce() {
      var handledPresent = EnumSet.noneOf(Action.class);
      for (Action a : Action.values()) {
        if (in.annotations().containsKey(a.annotation()) && !fresh.contains(a)) {
          handledPresent.add(a);
        }
      }
      if (!handledPresent.isEmpty()) {
        var without = planWithout(handledPresent);
        if (!fingerprint(plan, false).equals(fingerprint(without, false))) {
          fail("tokensActOnce", "tokens already handled " + handledPresent + " changed the plan");
        }
      }
      for (Action a : fresh) {
        var without = planWithout(EnumSet.of(a));
        String token = in.annotations().get(a.annotation());
        if (!fingerprint(plan, true).equals(fingerprint(without, true))
            && !token.equals(handled(after, a))) {
          fail(
              "tokensActOnce",
              a.key() + " token " + token + " acted but is not recorded in handledActions");
        }
      }
    }

    // ---- routing ----

    void routing() {
      if (after.getCandidateVersion() == null || candidateSlot() == null) {
        if (r.candidateWeight() != 0 || r.headerRoute()) {
          fail("noCandidateNoCanaryRoute", "no candidate, yet " + r);
        }
        return;
      }
      int w = r.candidateWeight();
      boolean canary = strategy == ReleaseStrategy.Canary;
      if (canary && nz(after.getCanaryWeight()) != w) {
        fail(
            "canaryWeightIsRouted",
            "status.release.canaryWeight "
                + after.getCanaryWeight()
                + " but "
                + w
                + "% routed; "
                + readiness());
      }
      if (r.headerRoute() && (readyCandidate(WEB) < 1 || readyCandidate(API) < 1)) {
        fail("headerRouteOnlyWithReadyPods", "header route on; " + readiness());
      }
      if (!canary || !UNDER_WAY.contains(after.getPhase())) {
        return;
      }
      int capacity = capacity();
      if (w > capacity) {
        fail("weightWithinReadyCapacity", w + "% routed; " + readiness());
      }
      if (after.getPhase() != Migrating) {
        // While spec.paused the weight only follows lost pods down (pausedNeverRaises).
        int expected = Math.min(nz(after.getStepWeight()), capacity);
        if (in.paused() ? w > expected : w != expected) {
          fail(
              "weightFollowsSteps",
              w
                  + "% routed, but status.release.stepWeight "
                  + after.getStepWeight()
                  + " and "
                  + readiness());
        }
      }
      if (same && nz(after.getStepWeight()) > nz(before.getStepWeight())) {
        for (Component c : ROUTED) {
          if (readyCandidate(c) < ceilPercent(total(c), after.getStepWeight())) {
            fail(
                "stepWeightRaisedOnlyWhenReady",
                "stepWeight "
                    + before.getStepWeight()
                    + " -> "
                    + after.getStepWeight()
                    + "; "
                    + readiness());
          }
        }
      }
      boolean released = specVersion.equals(after.getCandidateVersion());
      int applied = appliedWeight();
      if (same && released && w < Math.min(applied, capacity)) {
        fail(
            "weightNeverBackwards", "routed weight " + applied + "% -> " + w + "%; " + readiness());
      }
      if (same && in.paused() && w > applied) {
        fail("pausedNeverRaises", "paused, yet routed weight " + applied + "% -> " + w + "%");
      }
      var appliedRouting = cluster.routing;
      if (same
          && released
          && appliedRouting != null
          && appliedRouting.headerRoute()
          && Objects.equals(appliedRouting.candidateSlot(), candidateSlot())
          && !r.headerRoute()
          && readyCandidate(WEB) >= 1
          && readyCandidate(API) >= 1) {
        fail("headerRouteStays", "header route dropped; " + readiness());
      }
    }

    // ---- Services ----

    void services() {
      if (strategy == ReleaseStrategy.RollingUpdate || cluster.routing == null) {
        return;
      }
      Slot to = r.serviceSlot();
      if (to == null || to == cluster.routing.serviceSlot() || to == r.stableSlot()) {
        return;
      }
      String v = after.getCandidateVersion();
      if (ready(WEB, to, v) < 1 || ready(API, to, v) < 1) {
        fail("servicesSwitchOnlyToReadySlot", "Services switched to " + to + "; " + readiness());
      }
      if (strategy == ReleaseStrategy.BlueGreen) {
        for (Component c : ROUTED) {
          if (ready(c, to, v) < total(c)) {
            fail("blueGreenSwitchAtFullSize", "Services switched to " + to + "; " + readiness());
          }
        }
        if (spec.getBlueGreen().getPreviewService()) {
          var smoke = cluster.jobs.get(m.names().smokeCheckJob(v));
          if (smoke == null || smoke.state != JobState.SUCCEEDED) {
            fail(
                "blueGreenSwitchAfterSmokeCheck",
                "Services switched to " + to + " without a passed smoke check");
          }
        }
      }
    }

    // ---- sizes ----

    void sizes() {
      if (strategy == ReleaseStrategy.RollingUpdate
          || after.getCandidateVersion() == null
          || !UNDER_WAY.contains(after.getPhase())) {
        return;
      }
      Slot stable = stableSlot();
      Slot candidate = stable.other();
      int w = r.candidateWeight();
      boolean stableServes = w < 100 && (r.serviceSlot() == null || r.serviceSlot() == stable);
      if (stableServes) {
        for (Component c : ROUTED) {
          int need = ceilPercent(base(c), 100 - w);
          if (floor(c, stable) < need) {
            fail(
                "stableHoldsItsShare",
                c.label()
                    + " in stable slot "
                    + stable
                    + " may go down to "
                    + floor(c, stable)
                    + " while it serves "
                    + (100 - w)
                    + "% (base "
                    + base(c)
                    + ", needs "
                    + need
                    + ")");
          }
        }
        if (after.getPhase() != Promoting && floor(WORKER, stable) < base(WORKER)) {
          fail(
              "stableHoldsItsShare",
              "worker in stable slot "
                  + stable
                  + " may go down to "
                  + floor(WORKER, stable)
                  + " before full promotion (base "
                  + base(WORKER)
                  + ")");
        }
      }
      boolean full =
          after.getPhase() == Promoting
              || (strategy == ReleaseStrategy.Canary
                  && nz(after.getStepIndex()) >= steps().size()
                  && after.getPhase() != Migrating);
      if (full) {
        for (Component c : Component.APP_TIER) {
          if (floor(c, candidate) < total(c)) {
            fail(
                "fullPromotionSizesEveryComponent",
                c.label()
                    + " in candidate slot "
                    + candidate
                    + " may stay at "
                    + floor(c, candidate)
                    + " at full promotion (total "
                    + total(c)
                    + ")");
          }
        }
        return;
      }
      if (strategy == ReleaseStrategy.Canary && after.getPhase() != Migrating) {
        for (Component c : ROUTED) {
          int need = Math.max(1, ceilPercent(total(c), w));
          if (floor(c, candidate) < need) {
            fail(
                "candidateSizedForWeight",
                c.label() + " candidate at " + floor(c, candidate) + " for " + w + "%");
          }
        }
      }
      if (after.getPhase() != Promoting && floor(WORKER, candidate) != 0) {
        fail(
            "candidateWorkerOnlyAtFullPromotion",
            "worker candidate at " + floor(WORKER, candidate) + " before full promotion");
      }
    }

    // ---- completing the release ----

    void completion() {
      if (before == null
          || before.getStableVersion() == null
          || after.getStableVersion() == null
          || after.getStableVersion().equals(before.getStableVersion())
          || after.getPhase() != Stable
          || !specVersion.equals(after.getStableVersion())) {
        return;
      }
      Slot active = after.getActiveSlot();
      for (Component c : Component.APP_TIER) {
        // A rolling update's full size is what the Deployment (its HPA) asks for now.
        int full =
            strategy == ReleaseStrategy.RollingUpdate
                ? obs.get(c, active).map(o -> o.desiredReplicas()).orElse(0)
                : total(c);
        if (ready(c, active, after.getStableVersion()) < full) {
          fail(
              "completesOnlyWhenReady",
              after.getStableVersion()
                  + " became stable in "
                  + active
                  + " with "
                  + c.label()
                  + " at "
                  + ready(c, active, after.getStableVersion())
                  + " ready of "
                  + full);
        }
      }
      if (strategy != ReleaseStrategy.RollingUpdate) {
        int delay = spec.getBlueGreen().getScaleDownDelaySeconds();
        if (promotingStart < 0 || clock - promotingStart < delay) {
          fail(
              "completesAfterScaleDownDelay",
              "completed "
                  + (promotingStart < 0 ? "without Promoting" : (clock - promotingStart) + "s")
                  + " after promotion (scaleDownDelaySeconds "
                  + delay
                  + ")");
        }
      }
    }

    // ---- abort, failure, revert ----

    void stopping() {
      if (after.getStableVersion() != null && STOPPED.contains(after.getPhase())) {
        if (r.candidateWeight() != 0 || r.headerRoute() || !servicesOnStable(stableSlot())) {
          fail("abortReturnsTrafficToStable", after.getPhase() + " but routing " + r);
        }
      }
      boolean revert =
          before != null
              && before.getCandidateVersion() != null
              && before.getStableVersion() != null
              && specVersion.equals(before.getStableVersion());
      if (revert) {
        if (!before.getStableVersion().equals(after.getStableVersion())
            || before.getActiveSlot() != after.getActiveSlot()) {
          fail(
              "revertKeepsStable",
              "spec.version back at "
                  + specVersion
                  + " in "
                  + before.getPhase()
                  + ", yet stable "
                  + after.getStableVersion()
                  + " in "
                  + after.getActiveSlot());
        }
        if (r.candidateWeight() != 0
            || r.headerRoute()
            || !servicesOnStable(before.getActiveSlot())) {
          fail("revertKeepsStable", "spec.version back at " + specVersion + ", routing " + r);
        }
      }
      if (strategy == ReleaseStrategy.RollingUpdate || before == null) {
        drain = null;
        return;
      }
      boolean stopped =
          STOPPED.contains(after.getPhase())
              && !STOPPED.contains(before.getPhase())
              && before.getCandidateVersion() != null
              && before.getCandidateVersion().equals(after.getCandidateVersion());
      // A revert of a release already stopped takes no traffic off the candidate: its drain
      // goes on from the stop.
      boolean revertOfRunning = revert && !STOPPED.contains(before.getPhase());
      if ((stopped || revertOfRunning) && before.getActiveSlot() != null) {
        Slot slot = before.getActiveSlot().other();
        var desired = new EnumMap<Component, Integer>(Component.class);
        for (Component c : Component.APP_TIER) {
          desired.put(
              c,
              obs.get(c, slot)
                  .filter(o -> o.version().equals(before.getCandidateVersion()))
                  .map(o -> o.desiredReplicas())
                  .orElse(0));
        }
        drain =
            new Drain(
                slot,
                before.getCandidateVersion(),
                before.getStartedAt(),
                desired,
                in.now().plusSeconds(spec.getAbortScaleDownDelaySeconds()));
      }
      if (drain == null) {
        return;
      }
      boolean draining =
          after.getCandidateVersion() == null
              || (after.getCandidateVersion().equals(drain.version())
                  && Objects.equals(after.getStartedAt(), drain.startedAt())
                  && STOPPED.contains(after.getPhase()));
      if (!draining) {
        drain = null;
        return;
      }
      // Web and API drain (proxies may still send to them); no route reaches the worker, which
      // consumes the shared queues, so it stops at once.
      for (Component c : List.of(Component.WEB, Component.API)) {
        SlotPlan sp = slotPlan(c, drain.slot());
        boolean hasPods =
            sp != null
                && sp.version().equals(drain.version())
                && (sp.replicas() == null || sp.replicas() > 0);
        int had = drain.desired().get(c);
        if (in.now().isBefore(drain.until())) {
          if (had > 0
              && (sp == null
                  || !sp.version().equals(drain.version())
                  || (sp.replicas() != null && sp.replicas() < had))) {
            fail(
                "candidateKeepsPodsWhileDraining",
                c.label()
                    + " of "
                    + drain.version()
                    + " in "
                    + drain.slot()
                    + " had "
                    + had
                    + " pods; planned "
                    + sp
                    + " before "
                    + drain.until());
          }
        } else if (hasPods) {
          fail(
              "candidateScaledDownAfterDrain",
              c.label() + " of " + drain.version() + " still planned " + sp + " after the drain");
        }
      }
    }

    // ---- spec.paused ----

    void paused() {
      if (!in.paused()
          || before == null
          || before.getCandidateVersion() == null
          || !UNDER_WAY.contains(before.getPhase())
          || !specVersion.equals(before.getCandidateVersion())
          || STOPPED.contains(after.getPhase())) {
        return;
      }
      if (!same
          || after.getPhase() != before.getPhase()
          || !Objects.equals(after.getStepIndex(), before.getStepIndex())
          || !Objects.equals(after.getStepWeight(), before.getStepWeight())) {
        fail("pausedNoAdvance", "spec.paused, yet " + summary(before) + " -> " + summary(after));
      }
    }

    // ---- Jobs ----

    void jobs() {
      for (JobRequest j : plan.jobs()) {
        var existing = cluster.jobs.get(j.name());
        if (j.replaceExisting() && existing != null && existing.state == JobState.RUNNING) {
          fail("noReplaceOfRunningJob", "replaces the running Job " + j.name());
        }
        if (j.kind() == JobRequest.Kind.MIGRATION && existing == null) {
          var running =
              cluster.jobs.entrySet().stream()
                  .filter(
                      e ->
                          e.getValue().kind == JobRequest.Kind.MIGRATION
                              && e.getValue().state == JobState.RUNNING
                              && !e.getKey().equals(j.name()))
                  .map(Map.Entry::getKey)
                  .toList();
          if (!running.isEmpty()) {
            fail("oneMigrationAtATime", "creates " + j.name() + " while " + running + " still run");
          }
        }
      }
      for (SlotPlan sp : plan.appTier().slots()) {
        String v = sp.version();
        if (v.equals(after.getStableVersion())
            || (before != null && v.equals(before.getStableVersion()))
            || floor(sp.component(), sp.slot()) == 0) {
          continue;
        }
        var migration = cluster.jobs.get(m.names().migrationJob(v));
        if (migration == null || migration.state != JobState.SUCCEEDED) {
          fail(
              "noCandidatePodsBeforeMigration",
              sp + " planned before the migration of " + v + " succeeded");
        }
      }
    }

    // ---- metric checks ----

    void analysis() {
      var analysisSpec = spec.getCanary().getAnalysis();
      if (in.analysis().isEmpty() || analysisSpec == null || !same) {
        return;
      }
      var outcome = in.analysis().get().outcome();
      if (outcome == AnalysisResult.Outcome.ERROR
          && nz(after.getAnalysisFailures()) != nz(before.getAnalysisFailures())) {
        fail(
            "analysisErrorsAreNotFailures",
            "an unreachable Prometheus counted as a failed check: analysisFailures "
                + before.getAnalysisFailures()
                + " -> "
                + after.getAnalysisFailures());
      }
      if (EnumSet.of(Progressing, Paused, Promoting).contains(after.getPhase())) {
        // While spec.paused holds the release nothing advances, a check's result included: the
        // count stays as it was (as the limits below do not act while paused).
        int expected =
            in.paused()
                ? nz(before.getAnalysisErrors())
                : outcome == AnalysisResult.Outcome.ERROR ? nz(before.getAnalysisErrors()) + 1 : 0;
        if (nz(after.getAnalysisErrors()) != expected) {
          fail(
              "analysisErrorsCounted",
              outcome
                  + ": analysisErrors "
                  + before.getAnalysisErrors()
                  + " -> "
                  + after.getAnalysisErrors()
                  + ", expected "
                  + expected);
        }
      }
      boolean otherAbort = fresh.contains(Action.ABORT) || event("ProgressDeadlineExceeded");
      if (outcome == AnalysisResult.Outcome.ERROR && !otherAbort && !in.paused()) {
        int errors = nz(before.getAnalysisErrors()) + 1;
        int limit = analysisSpec.getConsecutiveErrorLimit();
        if (errors <= limit && STOPPED.contains(after.getPhase())) {
          fail(
              "errorLimitAborts",
              "aborted after " + errors + " consecutive check errors (limit " + limit + ")");
        }
        if (errors > limit && !STOPPED.contains(after.getPhase())) {
          fail(
              "errorLimitAborts",
              errors + " consecutive check errors (limit " + limit + ") did not abort");
        }
      }
      if (outcome == AnalysisResult.Outcome.FAILED && !in.paused()) {
        int failures = nz(before.getAnalysisFailures()) + 1;
        if (failures > analysisSpec.getFailureLimit() && !STOPPED.contains(after.getPhase())) {
          fail(
              "failureLimitAborts",
              failures
                  + " failed checks (failureLimit "
                  + analysisSpec.getFailureLimit()
                  + ") did not abort");
        }
      }
    }

    // ---- timers run on unpaused time ----

    void timers() {
      if (event("ProgressDeadlineExceeded")) {
        int deadline = spec.getProgressDeadlineSeconds();
        if (clock - identityStart < deadline) {
          fail(
              "deadlineNotEarly",
              "ProgressDeadlineExceeded "
                  + (clock - identityStart)
                  + " unpaused seconds into the release (deadline "
                  + deadline
                  + ")");
        }
      }
      boolean promoteGiven = fresh.contains(Action.PROMOTE) || fresh.contains(Action.PROMOTE_FULL);
      if (promoteGiven && after.getCandidateVersion() != null) {
        promotedByAction = true;
      }
      if (!same || promoteGiven) {
        return;
      }
      if (strategy == ReleaseStrategy.Canary && before.getStepIndex() != null) {
        int i = before.getStepIndex();
        boolean left =
            nz(after.getStepIndex()) > i
                || (after.getPhase() == Promoting && before.getPhase() != Promoting);
        if (i < steps().size()
            && steps().get(i).getPause() != null
            && steps().get(i).getPause().getDurationSeconds() != null
            && left
            && Objects.equals(step, i)) {
          int d = steps().get(i).getPause().getDurationSeconds();
          if (clock - stepStart < d) {
            fail(
                "timersRunOnUnpausedTime",
                "pause step "
                    + (i + 1)
                    + " of "
                    + d
                    + "s ended after "
                    + (clock - stepStart)
                    + " unpaused seconds");
          }
        }
      }
      Integer auto = spec.getBlueGreen().getAutoPromotionSeconds();
      if (strategy == ReleaseStrategy.BlueGreen
          && auto != null
          && before.getPhase() != Promoting
          && after.getPhase() == Promoting
          && !promotedByAction) {
        if (previewStart < 0 || clock - previewStart < auto) {
          fail(
              "timersRunOnUnpausedTime",
              "auto-promoted "
                  + (previewStart < 0 ? "without a preview" : (clock - previewStart) + "s")
                  + " after the preview began (autoPromotionSeconds "
                  + auto
                  + ")");
        }
      }
    }

    // ---- status.release.stableReplicas ----

    void records() {
      if (strategy == ReleaseStrategy.RollingUpdate
          || after.getCandidateVersion() == null
          || !UNDER_WAY.contains(after.getPhase())) {
        return;
      }
      var recorded = after.getStableReplicas();
      if (recorded == null || !recorded.keySet().containsAll(List.of("web", "api", "worker"))) {
        fail("stableReplicasRecorded", "status.release.stableReplicas is " + recorded);
        return;
      }
      boolean started =
          before == null || before.getCandidateVersion() == null || before.getPhase() == Stable;
      if (started) {
        for (Component c : Component.APP_TIER) {
          int observed = obs.get(c, stableSlot()).map(o -> o.desiredReplicas()).orElse(0);
          if (recorded.get(c.label()) != observed) {
            fail(
                "stableReplicasRecorded",
                "stableReplicas "
                    + recorded
                    + " at the start, but "
                    + c.label()
                    + " had "
                    + observed);
          }
        }
      } else if (same && !Objects.equals(recorded, before.getStableReplicas())) {
        fail(
            "stableReplicasRecorded",
            "stableReplicas changed during the release: "
                + before.getStableReplicas()
                + " -> "
                + recorded);
      }
    }

    // ---- a blue-green promote is never lost ----

    void promotion() {
      if (strategy != ReleaseStrategy.BlueGreen) {
        return;
      }
      boolean promoteGiven = fresh.contains(Action.PROMOTE) || fresh.contains(Action.PROMOTE_FULL);
      if (promoteGiven
          && same
          && !in.paused()
          && EnumSet.of(Migrating, Progressing, Paused).contains(before.getPhase())) {
        promotionWanted = true;
      }
      if (!same || !EnumSet.of(Migrating, Progressing, Paused).contains(after.getPhase())) {
        promotionWanted = false;
        return;
      }
      if (promotionWanted && !Boolean.TRUE.equals(after.getPromotionRequested())) {
        fail(
            "promotionNotLost",
            "a promote given in this release is neither done nor recorded (promotionRequested "
                + after.getPromotionRequested()
                + ")");
      }
    }

    void remember() {
      if (newRelease || !Objects.equals(after.getStepIndex(), step)) {
        step = after.getStepIndex();
        stepStart = clock;
      }
      if (after.getPhase() == Paused && strategy == ReleaseStrategy.BlueGreen && previewStart < 0) {
        previewStart = clock;
      }
      if (after.getPhase() == Promoting && promotingStart < 0) {
        promotingStart = clock;
      }
      if (after.getCandidateVersion() == null) {
        identity = null;
      }
    }
  }

  /** The status without handledActions, message and summary. */
  static List<Object> material(ReleaseStatus s) {
    return Arrays.asList(
        s.getStableVersion(),
        s.getCandidateVersion(),
        s.getStrategy(),
        s.getPhase(),
        s.getStepIndex(),
        s.getCanaryWeight(),
        s.getActiveSlot(),
        s.getStartedAt(),
        s.getStepStartedAt(),
        s.getStepWeight(),
        s.getStableReplicas(),
        s.getPromotionRequested(),
        s.getWaitingSince(),
        s.getPausedAt(),
        s.getScaleDownAt(),
        s.getAnalysisErrors(),
        s.getAnalysisFailures(),
        s.getLastAnalysisAt(),
        s.getLastAnalysisPassed(),
        s.getLastAnalysis());
  }

  static String summary(ReleaseStatus s) {
    if (s == null) {
      return "none";
    }
    var b = new StringBuilder();
    b.append(s.getPhase());
    if (s.getCandidateVersion() != null) {
      b.append(' ').append(s.getStableVersion()).append("->").append(s.getCandidateVersion());
    } else {
      b.append(' ').append(s.getStableVersion());
    }
    b.append(" in ").append(s.getActiveSlot());
    if (s.getStepIndex() != null) {
      b.append(" step ").append(s.getStepIndex());
    }
    if (s.getCanaryWeight() != null) {
      b.append(" w ").append(s.getCanaryWeight());
    }
    if (s.getStepWeight() != null) {
      b.append(" sw ").append(s.getStepWeight());
    }
    if (s.getStableReplicas() != null) {
      b.append(" base ").append(s.getStableReplicas());
    }
    if (Boolean.TRUE.equals(s.getPromotionRequested())) {
      b.append(" promotionRequested");
    }
    if (s.getAnalysisFailures() != null || s.getAnalysisErrors() != null) {
      b.append(" checks failed ")
          .append(nz(s.getAnalysisFailures()))
          .append(" errors ")
          .append(nz(s.getAnalysisErrors()));
    }
    if (s.getMessage() != null) {
      b.append(" \"").append(s.getMessage()).append('"');
    }
    return b.toString();
  }
}
