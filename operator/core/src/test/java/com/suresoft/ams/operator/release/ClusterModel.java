package com.suresoft.ams.operator.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small cluster for {@link ReleaseModelTest}: what the release planner's caller would observe and
 * what applying a {@link ReleasePlan} does to it. Per component and slot a Deployment (version,
 * desired replicas, ready pods), an HPA per autoscaled component, the release Jobs, a clock, the
 * instance's annotations, {@code spec.version}, {@code spec.paused} and the stored {@code
 * status.release}, which is the only state the operator keeps (stored as JSON, so a restart at any
 * point plans from exactly what was written).
 */
final class ClusterModel {

  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  static final String V1 = "1.0.0";

  /** status.release as the API server stores it: JSON without nulls. */
  private static final ObjectMapper MAPPER =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  static String toJson(ReleaseStatus s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ReleaseStatus fromJson(String json) {
    try {
      return MAPPER.readValue(json, ReleaseStatus.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Deployment: the version its template runs, spec.replicas, pods ready at that template. */
  static final class Deployment {
    String version;
    int desired;
    int ready;

    Deployment(String version, int desired) {
      this.version = version;
      this.desired = desired;
    }

    @Override
    public String toString() {
      return version + " " + ready + "/" + desired;
    }
  }

  /**
   * An HPA: it scales its target to clamp(load, min, max), except a target at 0 (the real HPA never
   * scales a Deployment up from 0); {@code desired} is its status.desiredReplicas.
   */
  static final class Autoscaler {
    Slot target;
    int min;
    int max;
    Integer desired;
  }

  /** A release Job. */
  static final class Job {
    final JobRequest.Kind kind;
    final String version;
    final String attempt;
    JobState state = JobState.RUNNING;

    Job(JobRequest.Kind kind, String version, String attempt) {
      this.kind = kind;
      this.version = version;
      this.attempt = attempt;
    }
  }

  final ModelConfig config;
  final Map<Component, Map<Slot, Deployment>> deployments = new EnumMap<>(Component.class);
  final Map<Component, Autoscaler> autoscalers = new EnumMap<>(Component.class);

  /** What each autoscaled component's load asks for, in pods. */
  final Map<Component, Integer> load = new EnumMap<>(Component.class);

  final Map<String, Job> jobs = new LinkedHashMap<>();

  /** "component/version" pairs whose pods crash: never ready. */
  final Set<String> crashing = new HashSet<>();

  final Map<String, String> annotations = new LinkedHashMap<>();
  Instant now = T0;

  /** Seconds that passed while spec.paused was off: the clock release timers run on. */
  long unpausedSeconds;

  String specVersion;
  boolean paused;

  /** Every version spec.version has been set to, V1 first. */
  final List<String> versions = new ArrayList<>(List.of(V1));

  private int tokens;

  /** The stored status.release, as JSON (read back for every plan). */
  private String statusJson;

  /** {@link #statusJson} read back, for looking at (never handed to the planner). */
  private ReleaseStatus status;

  private final Set<Component> autoscaled = EnumSet.noneOf(Component.class);

  /**
   * The outcome of metric checks from now on (a failing candidate or an unreachable Prometheus
   * lasts); {@code null}: they pass.
   */
  AnalysisResult.Outcome analysis;

  /** Where the last applied plan routes traffic (what the Services and routes do now). */
  RoutingIntent routing;

  ClusterModel(ModelConfig config, Map<Component, Integer> loads) {
    this.config = config;
    for (Component c : Component.APP_TIER) {
      if (config.autoscaled(c)) {
        autoscaled.add(c);
        load.put(c, loads.getOrDefault(c, 3));
      }
    }
    // V1 installed and stable in blue, every pod ready, its migration done.
    var m = model();
    var steady = ReleasePlanner.steady(m, Slot.blue);
    apply(steady, m);
    deployments.values().forEach(perSlot -> perSlot.values().forEach(d -> d.ready = d.desired));
    var migration = new Job(JobRequest.Kind.MIGRATION, V1, steady.status().getStartedAt());
    migration.state = JobState.SUCCEEDED;
    jobs.put(m.names().migrationJob(V1), migration);
    store(steady.status());
    // The release under test: the next version.
    specVersion = newVersion();
  }

  InstanceModel model() {
    return config.model(specVersion == null ? V1 : specVersion, paused);
  }

  /** The stored status (not to be changed). */
  ReleaseStatus status() {
    return status;
  }

  /** Writes status.release, as the operator does: as JSON. */
  void store(ReleaseStatus s) {
    statusJson = toJson(s);
    status = fromJson(statusJson);
  }

  String newVersion() {
    String v = "1." + versions.size() + ".0";
    versions.add(v);
    return v;
  }

  String token() {
    return "t" + ++tokens;
  }

  Optional<Deployment> deployment(Component c, Slot slot) {
    return Optional.ofNullable(deployments.getOrDefault(c, Map.of()).get(slot));
  }

  /** The slot a candidate's pods are in: the other one, or the active one for a rolling update. */
  Slot candidateSlot() {
    var s = status();
    Slot active = s.getActiveSlot() == null ? Slot.blue : s.getActiveSlot();
    String strategy = s.getStrategy() == null ? config.strategy().name() : s.getStrategy();
    return ReleaseStrategy.RollingUpdate.name().equals(strategy) ? active : active.other();
  }

  Slot stableSlot() {
    var s = status();
    return s.getActiveSlot() == null ? Slot.blue : s.getActiveSlot();
  }

  /** The version being released, if any (spec.version while it differs from the stable one). */
  Optional<String> candidateVersion() {
    var s = status();
    return specVersion.equals(s.getStableVersion()) ? Optional.empty() : Optional.of(specVersion);
  }

  boolean crashes(Component c, String version) {
    return crashing.contains(c.label() + "/" + version);
  }

  // ---- what the planner's caller observes ----

  ObservedSlots observe() {
    var deps = new EnumMap<Component, Map<Slot, SlotObservation>>(Component.class);
    deployments.forEach(
        (c, perSlot) -> {
          var m = new EnumMap<Slot, SlotObservation>(Slot.class);
          perSlot.forEach((s, d) -> m.put(s, new SlotObservation(d.version, d.desired, d.ready)));
          deps.put(c, m);
        });
    var hpa = new EnumMap<Component, Integer>(Component.class);
    autoscalers.forEach(
        (c, a) -> {
          if (a.desired != null) {
            hpa.put(c, a.desired);
          }
        });
    return new ObservedSlots(deps, hpa);
  }

  JobObservation job(String name) {
    Job j = jobs.get(name);
    return j == null ? JobObservation.ABSENT : JobObservation.of(j.state, j.attempt);
  }

  /** Migration Jobs of other versions than spec.version that still run. */
  List<String> runningMigrations(InstanceModel m) {
    String own = m.names().migrationJob(specVersion);
    var running = new ArrayList<String>();
    jobs.forEach(
        (name, j) -> {
          if (j.kind == JobRequest.Kind.MIGRATION
              && j.state == JobState.RUNNING
              && !name.equals(own)) {
            running.add(name);
          }
        });
    return running;
  }

  /**
   * The inputs the reconciler would build now. A metric check runs, as in the reconciler, only when
   * spec.version is the candidate and the planner says one is due; its outcome is {@link
   * #analysis}.
   */
  ReleaseInputs inputs() {
    var m = model();
    var status = fromJson(statusJson);
    Optional<AnalysisResult> analysis = Optional.empty();
    if (specVersion.equals(status.getCandidateVersion())
        && ReleasePlanner.analysisDue(m, status, now)) {
      var outcome = this.analysis == null ? AnalysisResult.Outcome.PASSED : this.analysis;
      analysis = Optional.of(new AnalysisResult(outcome, "model: " + outcome));
    }
    return new ReleaseInputs(
        m,
        status,
        observe(),
        job(m.names().migrationJob(specVersion)),
        job(m.names().smokeCheckJob(specVersion)),
        analysis,
        annotations,
        paused,
        runningMigrations(m),
        now);
  }

  // ---- applying a plan ----

  /**
   * The minimum the plan holds the HPA of {@code c} at, as {@code AppAutoscalers} writes it: during
   * a release the held one if more than the spec's; otherwise the spec's minimum.
   */
  static int heldMin(InstanceModel m, AppTierPlan plan, Component c) {
    int specMin = AppTierPlan.componentSpec(m, c).getAutoscaling().getMinReplicas();
    return Math.max(specMin, plan.heldMinReplicas().getOrDefault(c, specMin));
  }

  /**
   * What the Deployment controller, the HPA controller and the Job runner do with a plan: a number
   * of replicas sets them; {@code null} leaves them to the HPA (a new Deployment without replicas
   * gets 1); a template of another version has no ready pod yet; pods beyond the desired count go;
   * Deployments the plan no longer lists are deleted; a Job asked to replace another deletes it
   * (the next reconcile creates the new one).
   */
  void apply(ReleasePlan p, InstanceModel m) {
    var planned = new HashSet<String>();
    for (SlotPlan sp : p.appTier().slots()) {
      var perSlot = deployments.computeIfAbsent(sp.component(), k -> new EnumMap<>(Slot.class));
      Deployment d = perSlot.get(sp.slot());
      if (d == null) {
        d = new Deployment(sp.version(), sp.replicas() == null ? 1 : sp.replicas());
        perSlot.put(sp.slot(), d);
      } else {
        if (!sp.version().equals(d.version)) {
          d.version = sp.version();
          d.ready = 0;
        }
        if (sp.replicas() != null) {
          d.desired = sp.replicas();
        }
      }
      d.ready = Math.min(d.ready, d.desired);
      planned.add(sp.component() + "/" + sp.slot());
    }
    deployments.forEach(
        (c, perSlot) -> perSlot.keySet().removeIf(slot -> !planned.contains(c + "/" + slot)));
    Slot active = p.appTier().activeSlot();
    for (Component c : Component.APP_TIER) {
      if (autoscaled.contains(c) && planned.contains(c + "/" + active)) {
        var a = autoscalers.computeIfAbsent(c, k -> new Autoscaler());
        a.target = active;
        a.min = heldMin(m, p.appTier(), c);
        a.max = AppTierPlan.componentSpec(m, c).getAutoscaling().getMaxReplicas();
      } else {
        autoscalers.remove(c);
      }
    }
    autoscale();
    for (JobRequest r : p.jobs()) {
      Job existing = jobs.get(r.name());
      if (existing == null) {
        jobs.put(r.name(), new Job(r.kind(), r.version(), r.attempt()));
      } else if (r.replaceExisting()) {
        jobs.remove(r.name());
      }
    }
    routing = p.routing();
  }

  /** The HPAs act on their targets. */
  void autoscale() {
    autoscalers.forEach(
        (c, a) -> {
          var target = deployment(c, a.target);
          if (target.isEmpty()) {
            return;
          }
          var d = target.get();
          if (d.desired == 0) {
            a.desired = 0;
            return;
          }
          int want = Math.max(a.min, Math.min(a.max, load.get(c)));
          d.desired = want;
          d.ready = Math.min(d.ready, want);
          a.desired = want;
        });
  }

  // ---- what happens in the cluster between two reconciles ----

  void podsReady(Component c, Slot slot, int k) {
    deployment(c, slot)
        .filter(d -> !crashes(c, d.version))
        .ifPresent(d -> d.ready = Math.min(d.desired, d.ready + k));
  }

  void podsUnready(Component c, Slot slot, int n) {
    deployment(c, slot).ifPresent(d -> d.ready = Math.max(0, d.ready - n));
  }

  void crashLoop(Component c, String version) {
    crashing.add(c.label() + "/" + version);
    deployments
        .getOrDefault(c, Map.of())
        .values()
        .forEach(
            d -> {
              if (d.version.equals(version)) {
                d.ready = 0;
              }
            });
  }

  void pass(long seconds) {
    now = now.plusSeconds(seconds);
    if (!paused) {
      unpausedSeconds += seconds;
    }
  }

  void annotate(Action a) {
    annotations.put(a.annotation(), token());
  }

  /**
   * Settling: unpaused, every pod that can be ready is, every running Job succeeds, checks pass.
   */
  void settle() {
    paused = false;
    converge();
    analysis = null;
  }

  /** Every pod that can be ready is, every running Job succeeds. */
  void converge() {
    deployments.forEach(
        (c, perSlot) ->
            perSlot.values().stream()
                .filter(d -> !crashes(c, d.version))
                .forEach(d -> d.ready = d.desired));
    jobs.values().stream()
        .filter(j -> j.state == JobState.RUNNING)
        .forEach(j -> j.state = JobState.SUCCEEDED);
  }

  /** One line of what is deployed, for failure messages. */
  String describe() {
    var s = new StringBuilder();
    for (Component c : Component.APP_TIER) {
      s.append(c.label()).append('[');
      for (Slot slot : Slot.values()) {
        deployment(c, slot).ifPresent(d -> s.append(slot).append(' ').append(d).append(' '));
      }
      var a = autoscalers.get(c);
      if (a != null) {
        s.append("hpa ").append(a.target).append(' ').append(a.min).append('-').append(a.max);
        s.append(" load ").append(load.get(c)).append(" wants ").append(a.desired);
      }
      s.append("] ");
    }
    var running = jobs.entrySet().stream().filter(e -> e.getValue().state == JobState.RUNNING);
    s.append("running jobs ").append(running.map(Map.Entry::getKey).toList());
    return s.toString();
  }
}
