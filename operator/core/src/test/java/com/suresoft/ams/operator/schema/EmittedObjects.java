package com.suresoft.ams.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.data.PostgresEndpoints;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.JobState;
import com.suresoft.ams.operator.model.rollout.ReleaseJobs;
import com.suresoft.ams.operator.model.security.DataTls;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.release.AnalysisResult;
import com.suresoft.ams.operator.release.ObservedSlots;
import com.suresoft.ams.operator.release.ReleaseInputs;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.release.SlotObservation;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every object the operator emits, as the cluster would receive it: for each sample, as written and
 * as each release strategy and canary router (and once more with every optional integration on),
 * the steady state and each plan the release planner makes while a new version goes through, with
 * every pod ready, every Job succeeded and every metric check passed, promoted where a step waits
 * for it; and the same release aborted once the candidate takes traffic or has a preview. Rendered
 * by {@link Stack#objects} (what {@code render} prints and the dependents apply) plus the release
 * Jobs each plan asks for, and for each instance the parts only a cluster brings (the
 * operator-issued TLS Secrets, the {@code -ro} EndpointSlices).
 */
final class EmittedObjects {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  private static final String CANDIDATE_VERSION = "9.9.9";

  /** The release strategies and routers each sample is also released with. */
  private static final List<Consumer<ObjectNode>> RELEASES =
      List.of(
          spec -> {},
          spec -> release(spec).put("strategy", "BlueGreen"),
          spec -> canary(spec, TrafficRouter.Istio),
          spec -> canary(spec, TrafficRouter.Nginx),
          spec -> canary(spec, TrafficRouter.GatewayAPI));

  /** An object and where it came from (sample, release, phase). */
  record Emitted(String scenario, HasMetadata object) {}

  private EmittedObjects() {}

  /**
   * What the scenarios use outside their namespace: the shared store and the samples' Prometheus.
   */
  static final Platform PLATFORM =
      TestPlatforms.allowing(List.of("vault-backend"), List.of(TestPlatforms.PROMETHEUS));

  /** Every scenario's objects, in order; the same object may come from many scenarios. */
  static List<Emitted> all() {
    var emitted = new ArrayList<Emitted>();
    var instances = new LinkedHashMap<String, AmsInstance>();
    for (String sample : samples()) {
      for (int i = 0; i < RELEASES.size(); i++) {
        instances.put(sample + " release#" + i, variant(sample, RELEASES.get(i)));
        if (sample.equals("production")) {
          instances.put(
              sample + " all integrations release#" + i,
              variant(sample, RELEASES.get(i).andThen(EmittedObjects::allIntegrations)));
        }
      }
    }
    instances.forEach(
        (label, instance) -> {
          var errors = new SpecValidator(PLATFORM).validate(instance);
          if (!errors.isEmpty()) {
            throw new AssertionError(label + " is not a valid instance: " + errors);
          }
          var m = InstanceModel.of(instance, PLATFORM);
          emitted.addAll(release(label, m, false));
          emitted.addAll(release(label + " aborted", m, true));
          clusterParts(m).forEach(o -> emitted.add(new Emitted(label + " cluster parts", o)));
        });
    RENDERED.clear();
    CANDIDATES.clear();
    return emitted;
  }

  /**
   * What the stack adds on a cluster that render does not show: the operator-issued TLS Secrets (no
   * cert-manager) and the {@code -ro} EndpointSlices of PostgreSQL replicas, one IPv4 and one IPv6.
   */
  private static List<HasMetadata> clusterParts(InstanceModel m) {
    var served = new EnumMap<OptionalCrd, List<String>>(OptionalCrd.class);
    ServedVersions.newest().served().forEach(served::put);
    served.remove(OptionalCrd.CERT_MANAGER);
    var cluster =
        new Stack.Cluster(
            new ServedVersions(served),
            List.of(
                new PostgresEndpoints.Replica("ams-postgres-1", "uid-1", "10.1.0.11", true, false),
                new PostgresEndpoints.Replica("ams-postgres-2", "uid-2", "fd00::12", false, true)),
            Map.of(),
            T0,
            new EcKeyPairs(new SecureRandom()));
    return Stack.objects(
            m, ReleasePlanner.steady(m, Slot.blue), Map.of(), name -> "value-of-" + name, cluster)
        .stream()
        .filter(
            o ->
                o instanceof EndpointSlice
                    || (o instanceof Secret s && DataTls.SECRET_TYPE.equals(s.getType())))
        .toList();
  }

  /** samples/*.yaml, by name. */
  static List<String> samples() {
    try (Stream<Path> files = Files.list(TestInstances.projectRoot().resolve("samples"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AmsInstance variant(String sample, Consumer<ObjectNode> edit) {
    JsonNode tree = JSON.convertValue(TestInstances.sample(sample), JsonNode.class);
    edit.accept((ObjectNode) tree.get("spec"));
    return JSON.convertValue(tree, AmsInstance.class);
  }

  private static ObjectNode release(ObjectNode spec) {
    return spec.withObjectProperty("release");
  }

  private static void canary(ObjectNode spec, TrafficRouter router) {
    var canary = release(spec).put("strategy", "Canary").withObjectProperty("canary");
    canary.put("trafficRouter", router.name());
    switch (router) {
      case Istio -> canary.withObjectProperty("istio").putArray("gateways").add("istio-system/gw");
      case GatewayAPI ->
          spec.withObjectProperty("ingress")
              .withObjectProperty("gateway")
              .putArray("parentRefs")
              .addObject()
              .put("name", "public")
              .put("namespace", "gateways")
              .put("sectionName", "https");
      default -> {}
    }
  }

  /** Every optional CRD in use: ExternalSecrets, CloudNativePG (with its Pooler), monitoring. */
  private static void allIntegrations(ObjectNode spec) {
    var secrets = spec.withObjectProperty("secrets").put("provider", "ExternalSecrets");
    secrets
        .withObjectProperty("externalSecrets")
        .put("refreshInterval", "1h")
        .withObjectProperty("secretStoreRef")
        .put("name", "vault-backend")
        .put("kind", "ClusterSecretStore");
    var database = spec.withObjectProperty("database").put("mode", "CloudNativePG");
    database.withObjectProperty("pooler").put("enabled", true);
    spec.withObjectProperty("monitoring")
        .put("serviceMonitor", true)
        .put("alertRules", true)
        .put("dashboard", true);
  }

  /**
   * The steady state of {@code stable}, then every plan while {@code spec.version} moves on to a
   * new version, until that version is stable; or, with {@code abort}, until a while after an abort
   * as soon as the candidate takes traffic or has a preview (the drain, then the rest).
   */
  private static List<Emitted> release(String label, InstanceModel stable, boolean abort) {
    var emitted = new ArrayList<Emitted>();
    ReleasePlan plan = ReleasePlanner.steady(stable, Slot.blue);
    render(label + " steady", stable, plan, emitted);
    var m = CANDIDATES.computeIfAbsent(stable, s -> withVersion(s, CANDIDATE_VERSION));
    var jobs = new HashMap<String, String>();
    var annotations = new HashMap<String, String>();
    Instant now = T0;
    int abortedPlans = 0;
    for (int i = 0; i < 100; i++) {
      plan.jobs().forEach(r -> jobs.putIfAbsent(r.name(), r.attempt()));
      ReleaseStatus status = plan.status();
      Optional<AnalysisResult> analysis =
          ReleasePlanner.analysisDue(m, status, now)
              ? Optional.of(AnalysisResult.passed("all good"))
              : Optional.empty();
      var in =
          new ReleaseInputs(
              m,
              status,
              observe(m, plan.appTier()),
              succeeded(jobs, m.names().migrationJob(CANDIDATE_VERSION)),
              succeeded(jobs, m.names().smokeCheckJob(CANDIDATE_VERSION)),
              analysis,
              annotations,
              false,
              List.of(),
              now);
      plan = ReleasePlanner.plan(in);
      var s = plan.status();
      render(
          "%s %s %s weight %s%s"
              .formatted(
                  label,
                  s.getStrategy(),
                  s.getPhase(),
                  s.getCanaryWeight(),
                  plan.routing().previewSlot() != null ? " with preview" : ""),
          m,
          plan,
          emitted);
      if (s.getPhase() == ReleasePhase.Stable && CANDIDATE_VERSION.equals(s.getStableVersion())) {
        return emitted;
      }
      if (s.getPhase() == ReleasePhase.Aborted && ++abortedPlans > 5) {
        return emitted;
      }
      var live = plan.routing().candidateWeight() > 0 || plan.routing().previewSlot() != null;
      if (abort && live && !annotations.containsKey(Action.ABORT.annotation())) {
        annotations.put(Action.ABORT.annotation(), "token-" + i);
      } else if (s.getPhase() == ReleasePhase.Paused) {
        // A pause without a duration waits for a promote, as an engineer would give it.
        annotations.put(Action.PROMOTE.annotation(), "token-" + i);
      }
      now = now.plusSeconds(61);
    }
    throw new AssertionError(label + ": the release did not finish: " + plan.status().getPhase());
  }

  /**
   * What a plan renders depends on the model, its app tier, its routing and its Jobs only, and most
   * plans of a release repeat one of its earlier ones: those reuse the same objects (same
   * instances, so the test serializes them once).
   */
  private static final Map<List<Object>, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  /** The candidate model of each stable one, so a release and its aborted twin share renders. */
  private static final Map<InstanceModel, InstanceModel> CANDIDATES = new ConcurrentHashMap<>();

  private static void render(
      String scenario, InstanceModel m, ReleasePlan plan, List<Emitted> emitted) {
    var jobs = plan.jobs() == null ? List.<JobRequest>of() : plan.jobs();
    var key = Arrays.<Object>asList(m, plan.appTier(), plan.routing(), jobs);
    var objects =
        RENDERED.computeIfAbsent(
            key,
            k -> {
              var all =
                  new ArrayList<HasMetadata>(
                      Stack.objects(m, plan, Map.of(), name -> "value-of-" + name));
              jobs.forEach(r -> all.add(ReleaseJobs.desired(m, r)));
              return all;
            });
    objects.forEach(o -> emitted.add(new Emitted(scenario, o)));
  }

  private static InstanceModel withVersion(InstanceModel m, String version) {
    var spec = JSON.clone(m.spec());
    spec.setVersion(version);
    return new InstanceModel(m.name(), m.namespace(), spec);
  }

  /** A Job that was asked for has succeeded. */
  private static JobObservation succeeded(Map<String, String> jobs, String name) {
    return jobs.containsKey(name)
        ? JobObservation.of(JobState.SUCCEEDED, jobs.get(name))
        : JobObservation.ABSENT;
  }

  /** Every Deployment of the plan at its size, all pods ready; an HPA at its minimum. */
  private static ObservedSlots observe(InstanceModel m, AppTierPlan plan) {
    var deployments = new EnumMap<Component, Map<Slot, SlotObservation>>(Component.class);
    var hpa = new EnumMap<Component, Integer>(Component.class);
    for (SlotPlan sp : plan.slots()) {
      int replicas = sp.replicas() != null ? sp.replicas() : minReplicas(m, sp.component());
      if (sp.replicas() == null) {
        hpa.put(sp.component(), replicas);
      }
      deployments
          .computeIfAbsent(sp.component(), c -> new EnumMap<>(Slot.class))
          .put(sp.slot(), new SlotObservation(sp.version(), replicas, replicas));
    }
    return new ObservedSlots(deployments, hpa);
  }

  private static int minReplicas(InstanceModel m, Component c) {
    return AppTierPlan.componentSpec(m, c).getAutoscaling().getMinReplicas();
  }
}
