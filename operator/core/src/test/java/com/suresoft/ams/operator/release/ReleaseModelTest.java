package com.suresoft.ams.operator.release;

import static com.suresoft.ams.operator.model.Component.API;
import static com.suresoft.ams.operator.model.Component.WEB;
import static com.suresoft.ams.operator.model.Component.WORKER;

import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.release.ModelEvent.Analysis;
import com.suresoft.ams.operator.release.ModelEvent.Converge;
import com.suresoft.ams.operator.release.ModelEvent.CrashLoop;
import com.suresoft.ams.operator.release.ModelEvent.JobEnds;
import com.suresoft.ams.operator.release.ModelEvent.Load;
import com.suresoft.ams.operator.release.ModelEvent.NewVersion;
import com.suresoft.ams.operator.release.ModelEvent.Pause;
import com.suresoft.ams.operator.release.ModelEvent.PodsReady;
import com.suresoft.ams.operator.release.ModelEvent.PodsUnready;
import com.suresoft.ams.operator.release.ModelEvent.PreviousVersion;
import com.suresoft.ams.operator.release.ModelEvent.Restart;
import com.suresoft.ams.operator.release.ModelEvent.Revert;
import com.suresoft.ams.operator.release.ModelEvent.Side;
import com.suresoft.ams.operator.release.ModelEvent.Tick;
import com.suresoft.ams.operator.release.ModelEvent.Token;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The release planner driven through random sequences of cluster events, against a small model of
 * the cluster ({@link ClusterModel}), with the release contract ({@link ReleaseInvariants}) checked
 * after every plan.
 *
 * <p>Each step applies the last plan to the model (Deployments, HPAs, Jobs, routing), builds the
 * {@link ReleaseInputs} a reconcile would, plans, checks the plan, and then one random {@link
 * ModelEvent} happens: pods become ready or unready, a crash loop, HPA load, action tokens, new
 * versions and reverts, spec.paused, an operator restart, time passing, Jobs ending, metric checks.
 * After the random part a settling phase (every pod ready, Jobs succeed, time passes, promote
 * given, unpaused) must bring the release to rest (Stable, or Aborted/Failed with all traffic on
 * the stable version) within {@link #SETTLE_PLANS} plans.
 *
 * <p>A failure names the invariant, shows the plan, the cluster and the last steps, and jqwik
 * prints the seed and the shrunk event sequence (shrinking keeps any failure, so the shrunk one may
 * name another invariant than the first). The next run tries the failed sample first (jqwik's
 * database in {@code target/jqwik-database}); {@code seed = "..."} on a property replays a seed.
 * {@code -DreleaseModel.only=invariant,...} checks only those (so shrinking stays on them), {@code
 * -DreleaseModel.ignore=invariant,...} skips known violations to look for the next one.
 */
class ReleaseModelTest {

  /** Plans the settling phase may take before the release must rest. */
  static final int SETTLE_PLANS = 120;

  /** Seconds each settling plan is apart. */
  static final int SETTLE_SECONDS = 20;

  /**
   * Settling plans in a row that change nothing before the release counts as stuck: longer than any
   * timer of the configurations (progress deadline 600 s).
   */
  static final int STUCK_PLANS = 40;

  /** Settling gives fresh promote and promote-full tokens every this many plans. */
  static final int PROMOTE_EVERY = 4;

  static final int MAX_EVENTS = 50;

  // ---- one property per strategy ----

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void rollingUpdate(@ForAll("rollingUpdates") Scenario scenario) {
    run(scenario);
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void blueGreen(@ForAll("blueGreens") Scenario scenario) {
    run(scenario);
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void canaryWithIstio(@ForAll("istioCanaries") Scenario scenario) {
    run(scenario);
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void canaryWithNginx(@ForAll("nginxCanaries") Scenario scenario) {
    run(scenario);
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void canaryWithGatewayApi(@ForAll("gatewayApiCanaries") Scenario scenario) {
    run(scenario);
  }

  /**
   * The old planner's bug, found by {@link #canaryWithNginx}: at 10 % (web 1/1, api 1/1 ready) a
   * promote moves to the 50 % step; while the candidate scales up to web 2, api 2 (web 2/2 ready,
   * api 1/2), routing asked for it to be ready at that size and dropped the weight and the header
   * route to 0. The ready pods carry 10 % (capacity 25 %), so 10 % and the header route stay.
   */
  @Example
  void canaryKeepsItsWeightWhileTheCandidateScalesUp() {
    var config =
        new ModelConfig(
            ReleaseStrategy.Canary,
            TrafficRouter.Nginx,
            false,
            false,
            true,
            null,
            "[{setWeight: 10}, {pause: {}}, {setWeight: 50}, {pause: {durationSeconds: 60}}]");
    run(
        new Scenario(
            config,
            Map.of(),
            List.of(
                new JobEnds(JobRequest.Kind.MIGRATION, true),
                new PodsReady(WEB, Side.CANDIDATE, 1),
                new PodsReady(API, Side.CANDIDATE, 1),
                new Token(Action.PROMOTE),
                new PodsReady(WEB, Side.CANDIDATE, 1))));
  }

  /** A model configuration, the initial HPA loads and the events. */
  record Scenario(ModelConfig config, Map<Component, Integer> loads, List<ModelEvent> events) {
    @Override
    public String toString() {
      return config + ", loads " + loads + ", events " + events;
    }
  }

  // ---- the run ----

  static void run(Scenario scenario) {
    var cluster = new ClusterModel(scenario.config(), scenario.loads());
    var invariants = new ReleaseInvariants(cluster);
    var reached = EnumSet.noneOf(ReleasePhase.class);
    for (ModelEvent e : scenario.events()) {
      reached.add(reconcile(cluster, invariants).status().getPhase());
      e.apply(cluster);
      invariants.note("event " + e);
      if (e instanceof Restart) {
        reconcile(cluster, invariants);
      }
    }
    reached.add(reconcile(cluster, invariants).status().getPhase());
    // How far the random part gets, printed by jqwik with each property's report.
    Statistics.label("random part reached")
        .collect(
            reached.contains(ReleasePhase.Promoting)
                ? "Promoting"
                : reached.contains(ReleasePhase.Paused)
                    ? "Paused"
                    : reached.contains(ReleasePhase.Progressing) ? "Progressing" : "Migrating");
    Statistics.label("random part stopped a release")
        .collect(reached.contains(ReleasePhase.Aborted) || reached.contains(ReleasePhase.Failed));
    invariants.note("settling");
    String last = null;
    int unchanged = 0;
    int plans = 0;
    while (plans < SETTLE_PLANS && unchanged < STUCK_PLANS) {
      cluster.settle();
      if (plans % PROMOTE_EVERY == 0) {
        cluster.annotate(Action.PROMOTE_FULL);
        cluster.annotate(Action.PROMOTE);
      }
      cluster.pass(SETTLE_SECONDS);
      var plan = reconcile(cluster, invariants);
      plans++;
      if (resting(cluster, plan)) {
        return;
      }
      // Nothing changes and no timer is left that could change it: stuck for good.
      String state = ReleaseInvariants.material(plan.status()) + cluster.describe();
      unchanged = state.equals(last) ? unchanged + 1 : 0;
      last = state;
    }
    if (!ReleaseInvariants.checked("settlesToRest")) {
      return;
    }
    throw new AssertionError(
        "settlesToRest: the release did not come to rest in "
            + plans
            + " plans of settling ("
            + plans * SETTLE_SECONDS
            + " s with every pod ready, Jobs succeeding and promote given"
            + (unchanged >= STUCK_PLANS
                ? "; nothing changed in the last " + unchanged + " plans"
                : "")
            + ")\n config: "
            + scenario.config()
            + "\n status: "
            + ReleaseInvariants.summary(cluster.status())
            + "\n routing: "
            + cluster.routing
            + "\n cluster: "
            + cluster.describe()
            + "\n trace:\n  "
            + invariants.trace());
  }

  /** One reconcile: plan from what the cluster shows, check, apply, store the status. */
  static ReleasePlan reconcile(ClusterModel cluster, ReleaseInvariants invariants) {
    var in = cluster.inputs();
    var plan = ReleasePlanner.plan(in);
    invariants.note(
        "+"
            + (in.now().getEpochSecond() - ClusterModel.T0.getEpochSecond())
            + "s "
            + (in.paused() ? "paused " : "")
            + "spec "
            + cluster.specVersion
            + in.analysis().map(a -> " check " + a.outcome()).orElse("")
            + " -> "
            + ReleaseInvariants.summary(plan.status())
            + " | weight "
            + plan.routing().candidateWeight()
            + (plan.routing().headerRoute() ? " header" : "")
            + " svc "
            + plan.routing().serviceSlot()
            + " | "
            + plan.events().stream().map(ReleaseEvent::reason).toList()
            + " | seen "
            + cluster.describe());
    invariants.check(in, plan);
    cluster.apply(plan, in.model());
    cluster.store(plan.status());
    return plan;
  }

  /**
   * At rest: stable at spec.version with no candidate, or the release of spec.version stopped with
   * no traffic on it and no pod of it left.
   */
  static boolean resting(ClusterModel cluster, ReleasePlan plan) {
    ReleaseStatus s = plan.status();
    if (s.getPhase() == ReleasePhase.Stable) {
      return s.getCandidateVersion() == null && cluster.specVersion.equals(s.getStableVersion());
    }
    if (s.getPhase() == ReleasePhase.Aborted || s.getPhase() == ReleasePhase.Failed) {
      String v = s.getCandidateVersion();
      return cluster.specVersion.equals(v)
          && !plan.routing().candidateReceivesTraffic()
          && plan.appTier().slots().stream()
              .noneMatch(
                  sp -> sp.version().equals(v) && (sp.replicas() == null || sp.replicas() > 0));
    }
    return false;
  }

  // ---- generators ----

  @Provide
  Arbitrary<Scenario> rollingUpdates() {
    return scenarios(ReleaseStrategy.RollingUpdate, null);
  }

  @Provide
  Arbitrary<Scenario> blueGreens() {
    return scenarios(ReleaseStrategy.BlueGreen, null);
  }

  @Provide
  Arbitrary<Scenario> istioCanaries() {
    return scenarios(ReleaseStrategy.Canary, TrafficRouter.Istio);
  }

  @Provide
  Arbitrary<Scenario> nginxCanaries() {
    return scenarios(ReleaseStrategy.Canary, TrafficRouter.Nginx);
  }

  @Provide
  Arbitrary<Scenario> gatewayApiCanaries() {
    return scenarios(ReleaseStrategy.Canary, TrafficRouter.GatewayAPI);
  }

  static final List<String> CANARY_STEPS =
      List.of(
          "[{setWeight: 10}, {pause: {}}, {setWeight: 50}, {pause: {durationSeconds: 60}}]",
          "[{setWeight: 20}, {setWeight: 40}, {pause: {durationSeconds: 30}}, {setWeight: 80}]",
          "[{setWeight: 5}, {setWeight: 33}, {setWeight: 67}]");

  static Arbitrary<Scenario> scenarios(ReleaseStrategy strategy, TrafficRouter router) {
    Arbitrary<ModelConfig> configs =
        Combinators.combine(
                Arbitraries.of(false, true),
                strategy == ReleaseStrategy.Canary
                    ? Arbitraries.of(false, true)
                    : Arbitraries.just(false),
                strategy == ReleaseStrategy.BlueGreen
                    ? Arbitraries.of(true, false)
                    : Arbitraries.just(true),
                strategy == ReleaseStrategy.BlueGreen
                    ? Arbitraries.of(0, 120).map(s -> s == 0 ? null : s)
                    : Arbitraries.just((Integer) null),
                strategy == ReleaseStrategy.Canary
                    ? Arbitraries.of(CANARY_STEPS)
                    : Arbitraries.just((String) null))
            .as(
                (hpa, analysis, preview, auto, steps) ->
                    new ModelConfig(strategy, router, hpa, analysis, preview, auto, steps));
    Arbitrary<Map<Component, Integer>> loads =
        Combinators.combine(
                Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 10))
            .as((api, worker) -> Map.of(API, api, WORKER, worker));
    Arbitrary<List<ModelEvent>> events =
        event().list().ofMaxSize(MAX_EVENTS).withSizeDistribution(RandomDistribution.uniform());
    return Combinators.combine(configs, loads, events).as(Scenario::new);
  }

  static Arbitrary<ModelEvent> event() {
    Arbitrary<Component> component = Arbitraries.of(WEB, API, WORKER);
    Arbitrary<Side> side = Arbitraries.of(Side.class);
    return Arbitraries.frequencyOf(
        Tuple.of(
            30,
            Combinators.combine(component, side, Arbitraries.integers().between(1, 4))
                .as(PodsReady::new)),
        Tuple.of(
            6,
            Combinators.combine(component, side, Arbitraries.integers().between(1, 3))
                .as(PodsUnready::new)),
        Tuple.of(1, component.map(CrashLoop::new)),
        Tuple.of(
            4,
            Combinators.combine(Arbitraries.of(API, WORKER), Arbitraries.integers().between(1, 12))
                .as(Load::new)),
        Tuple.of(
            6,
            Arbitraries.frequency(
                    Tuple.of(3, Action.PROMOTE),
                    Tuple.of(3, Action.PROMOTE_FULL),
                    Tuple.of(1, Action.ABORT),
                    Tuple.of(1, Action.RETRY))
                .map(Token::new)),
        Tuple.of(2, Arbitraries.just(new NewVersion())),
        Tuple.of(1, Arbitraries.just(new Revert())),
        Tuple.of(1, Arbitraries.just(new PreviousVersion())),
        Tuple.of(3, Arbitraries.of(true, false).map(Pause::new)),
        Tuple.of(2, Arbitraries.just(new Restart())),
        Tuple.of(8, Arbitraries.just(new Converge())),
        Tuple.of(
            12,
            Arbitraries.oneOf(
                    Arbitraries.integers().between(1, 30), Arbitraries.integers().between(60, 900))
                .map(Tick::new)),
        Tuple.of(
            12,
            Combinators.combine(
                    Arbitraries.of(JobRequest.Kind.class),
                    Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)))
                .as(JobEnds::new)),
        Tuple.of(4, Arbitraries.of(AnalysisResult.Outcome.class).map(Analysis::new)));
  }
}
