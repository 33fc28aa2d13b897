package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.release.AnalysisResult;
import com.suresoft.ams.operator.testing.TestClock;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Drives releases in the harness as an engineer would (set {@code spec.version}, annotate promote
 * or abort) and checks, at every step it waits for, that user traffic reaches only slots with ready
 * pods. Shared by the release scenarios and the restart-safety tests.
 *
 * <p>Between those steps a {@link RoutingRecorder} watches the namespace from the start, and {@link
 * #close()} fails the test if the recording breaks a release rule ({@link RoutingInvariants}) at
 * any moment, not only at the ones a test waited for.
 */
final class ReleaseDriver implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final String NS = OperatorHarness.NAMESPACE;
  static final String PROMETHEUS = "http://prometheus:9090";

  final TestClock clock = new TestClock(T0);
  final OperatorHarness harness;

  /** Everything the cluster would have done with user traffic, judged at {@link #close()}. */
  final RoutingRecorder routing;

  /** Every traffic snapshot taken at a step, per instance, in order. */
  final List<Traffic> history = new ArrayList<>();

  private final java.util.Map<String, Integer> jobsAdded =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<Job> jobWatch;

  ReleaseDriver() {
    this(UnaryOperator.identity());
  }

  /**
   * As {@link #ReleaseDriver()}, with the settings then changed by {@code customize} (a real
   * candidate check, another platform, fewer threads).
   */
  ReleaseDriver(UnaryOperator<AmsOperator.Settings.Builder> customize) {
    harness =
        OperatorHarness.start(
            Duration.ofMillis(250),
            s ->
                customize.apply(
                    s.clock(clock)
                        .candidateCheck((m, r) -> verdict)
                        // The Prometheus the release tests' analyses name, and nothing else.
                        .platform(TestPlatforms.allowing(List.of(), List.of(PROMETHEUS)))));
    harness
        .server()
        .installCrd(
            EmbeddedApiServer.minimalCrdServing(
                "networking.istio.io", "VirtualService", "virtualservices", "v1", "v1beta1"));
    harness
        .server()
        .installCrd(
            EmbeddedApiServer.minimalCrdServing(
                "networking.istio.io", "DestinationRule", "destinationrules", "v1", "v1beta1"));
    harness
        .server()
        .installCrd(
            EmbeddedApiServer.minimalCrd(
                "gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"));
    // After the Istio and Gateway API CRDs, so that VirtualServices and HTTPRoutes are recorded
    // too.
    routing = RoutingRecorder.start(harness);
    jobWatch =
        harness
            .user()
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .inform(
                new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    jobsAdded.merge(job.getMetadata().getName(), 1, Integer::sum);
                  }

                  @Override
                  public void onUpdate(Job before, Job after) {}

                  @Override
                  public void onDelete(Job job, boolean unknown) {}
                });
  }

  /** What every metric check of a candidate answers; tests turn it to a failure. */
  volatile AnalysisResult verdict = AnalysisResult.passed("test: healthy");

  /** A Development-tier instance at 1.0.0 with the given {@code release:} block, installed. */
  AmsInstance install(String name, String releaseYaml) {
    return install(name, "Development", releaseYaml);
  }

  /**
   * A Production-tier instance at 1.0.0 (web 3 replicas, API under an HPA 3-10, worker under an HPA
   * 2-8): releases at this size scale the candidate up step by step and hand slots to HPAs.
   */
  AmsInstance installProduction(String name, String releaseYaml) {
    return install(name, "Production", releaseYaml);
  }

  /** The Gateway an instance is published on when its canaries are routed by Gateway API. */
  static final String GATEWAY =
      "gateway: {parentRefs: [{name: public-gateway, namespace: gateway-system, sectionName:"
          + " https}]}";

  /** As {@link #install(String, String)}, published on {@link #GATEWAY} whatever the router. */
  AmsInstance installBehindGateway(String name, String releaseYaml) {
    return install(name, "Development", releaseYaml, true);
  }

  /**
   * Installs the instance; one whose canary is routed by Gateway API is published on {@link
   * #GATEWAY} (the CRD requires spec.ingress.gateway for that router).
   */
  private AmsInstance install(String name, String tier, String releaseYaml) {
    return install(name, tier, releaseYaml, releaseYaml.contains("trafficRouter: GatewayAPI"));
  }

  private AmsInstance install(String name, String tier, String releaseYaml, boolean behindGateway) {
    String gateway = behindGateway ? "\n  " + GATEWAY : "";
    harness.create(
        TestInstances.withSpec(
            name,
            "tier: "
                + tier
                + "\nversion: \"1.0.0\"\ningress:\n  host: "
                + name
                + ".example.com"
                + gateway
                + "\nrelease:\n"
                + releaseYaml
                    .stripIndent()
                    .lines()
                    .map(l -> "  " + l + "\n")
                    .reduce("", String::concat)));
    return harness.awaitPhase(name, Phase.Ready);
  }

  void setVersion(String name, String version) {
    harness.edit(
        name,
        i -> {
          i.getSpec().setVersion(version);
          return i;
        });
  }

  void act(String name, Action action, String token) {
    harness.edit(
        name,
        i -> {
          i.getMetadata().getAnnotations().put(action.annotation(), token);
          return i;
        });
  }

  ReleaseStatus release(String name) {
    var i = harness.instance(name);
    return i.getStatus() == null ? null : i.getStatus().getRelease();
  }

  /** Waits until the release satisfies {@code condition}, then checks and records the traffic. */
  ReleaseStatus awaitRelease(String name, String what, Predicate<ReleaseStatus> condition) {
    try {
      await(name + ": " + what)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                var i = harness.instance(name);
                return i.getStatus() != null
                    && Objects.equals(
                        i.getStatus().getObservedGeneration(), i.getMetadata().getGeneration())
                    && i.getStatus().getRelease() != null
                    && condition.test(i.getStatus().getRelease());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      var i = harness.instance(name);
      throw new AssertionError(
          name
              + ": "
              + what
              + " did not happen; status.release is "
              + (i == null || i.getStatus() == null
                  ? null
                  : io.fabric8.kubernetes.client.utils.Serialization.asJson(
                      i.getStatus().getRelease())),
          e);
    }
    checkTraffic(name);
    return release(name);
  }

  ReleaseStatus awaitPhase(String name, ReleasePhase phase) {
    return awaitRelease(name, "release " + phase, r -> r.getPhase() == phase);
  }

  /** Records the traffic now and fails if a slot without ready pods gets user requests. */
  Traffic checkTraffic(String name) {
    var traffic = Traffic.read(harness.user(), NS, name);
    assertThat(traffic.unreadyTargets(harness.user(), NS, name))
        .as("user traffic of %s at %s", name, traffic)
        .isEmpty();
    history.add(traffic);
    return traffic;
  }

  /**
   * Fails if the candidate's share of web traffic ever went down between two recorded steps (a step
   * undone); returns the shares in order.
   */
  List<Integer> assertCandidateShareNeverShrank(String candidateSlot) {
    var weights = history.stream().map(t -> t.webWeightOn(candidateSlot)).toList();
    for (int i = 1; i < weights.size(); i++) {
      assertThat(weights.get(i))
          .as("weights %s", weights)
          .isGreaterThanOrEqualTo(weights.get(i - 1));
    }
    return weights;
  }

  Deployment deployment(String name, String component, String slot) {
    return harness.get(Deployment.class, name + "-" + component + "-" + slot);
  }

  Integer replicas(String name, String component, String slot) {
    var d = deployment(name, component, slot);
    return d == null ? null : d.getSpec().getReplicas();
  }

  void holdUnready(String name, String component, String slot) {
    harness
        .simulator()
        .holdUnready(ControllerSimulator.DEPLOYMENT, NS, name + "-" + component + "-" + slot);
  }

  void releaseHold(String name, String component, String slot) {
    harness
        .simulator()
        .release(ControllerSimulator.DEPLOYMENT, NS, name + "-" + component + "-" + slot);
  }

  void holdJob(String job) {
    harness.simulator().holdUnready(ControllerSimulator.JOB, NS, job);
  }

  /** Starts the release of 1.1.0 and keeps it in Migrating (its migration Job held running). */
  void startHeldInMigration(String name) {
    holdJob(migrationJob(name, "1.1.0"));
    setVersion(name, "1.1.0");
    awaitPhase(name, ReleasePhase.Migrating);
  }

  /** Starts the release of 1.1.0 and keeps its candidate scaling up (its web pods held unready). */
  void startHeldScalingUp(String name) {
    holdUnready(name, "web", "green");
    setVersion(name, "1.1.0");
    awaitPhase(name, ReleasePhase.Progressing);
  }

  /**
   * After an abort: the candidate keeps the pods it has while routes drain (no traffic reaches it,
   * which {@link #checkTraffic} checked), and once {@code abortScaleDownDelaySeconds} (30 s by
   * default) have passed, no candidate pod is left in the green slot, whichever component.
   */
  void assertCandidateScaledDown(String name, Object when) {
    clock.advance(Duration.ofSeconds(31));
    await(name + ": candidate scaled down after the abort delay")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              for (String c : List.of("web", "api", "worker")) {
                Integer candidate = replicas(name, c, "green");
                assertThat(candidate == null || candidate == 0)
                    .as("%s: %s-green scaled down (replicas %s)", when, c, candidate)
                    .isTrue();
              }
            });
  }

  static String migrationJob(String name, String version) {
    return new ResourceNames(name).migrationJob(version);
  }

  /** The reasons of the Events on instance {@code name}, oldest first. */
  List<String> eventReasons(String name) {
    return harness.user().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(
            java.util.Comparator.comparing(
                io.fabric8.kubernetes.api.model.Event::getMetadata,
                java.util.Comparator.comparing(m -> m.getCreationTimestamp())))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  /** How often a Job of that name was created (each creation is one ADDED event). */
  int jobCreations(String job) {
    return jobsAdded.getOrDefault(job, 0);
  }

  /**
   * Fails, with the timeline, if user traffic ever went where a release must not send it (see
   * {@link RoutingInvariants}); waits for the recording to settle first. {@link #close()} calls it.
   */
  void assertRoutingInvariants() {
    routing.assertInvariants();
  }

  /**
   * Checks the whole recording, then stops everything (also when the check fails): every release
   * test has its routing judged without having to ask for it.
   */
  @Override
  public void close() {
    try {
      assertRoutingInvariants();
    } finally {
      routing.close();
      jobWatch.close();
      harness.close();
    }
  }
}
