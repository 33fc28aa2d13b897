package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.chart.RecordedRequests;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.runtime.OperatorProcess;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import com.suresoft.ams.testkit.Interception;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code run} runs, against the in-process API server: the probes, the Prometheus endpoint and
 * leader election between two replicas.
 */
class OperatorProcessIT {
  private static final String LEASE_NAMESPACE = "ams-system";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private EmbeddedApiServer server;
  private ControllerSimulator simulator;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<String> lostLease = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    simulator = ControllerSimulator.start(server);
    // JOSDK asks at start whether it may use Leases; the answer is the chart's Lease rule.
    server.addInterceptor(
        r ->
            r.path().endsWith("/selfsubjectrulesreviews")
                ? Interception.respond(201, LEASE_RULES_REVIEW)
                : Interception.proceed());
  }

  private static final String LEASE_RULES_REVIEW =
      """
      {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
       "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
        {"apiGroups":["coordination.k8s.io"],"resources":["leases"],
         "verbs":["get","create","update","patch"]}]}}
      """;

  @AfterEach
  void stop() throws Exception {
    // Leader election's Lease requests happen only here: they belong in the RBAC proof.
    RecordedRequests.save(server.requestLog(), OperatorHarness.OPERATOR);
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    simulator.close();
    server.close();
  }

  private OperatorProcess process(String identity, boolean leaderElection) throws IOException {
    return process(identity, leaderElection, OperatorHarness.OPERATOR);
  }

  /** A replica whose requests the log attributes to {@code actor}. */
  private OperatorProcess process(String identity, boolean leaderElection, String actor)
      throws IOException {
    KubernetesClient client = server.client(actor);
    started.add(client);
    var process =
        new OperatorProcess(
            client,
            new OperatorProcess.Options(
                Set.of(),
                Duration.ofSeconds(1),
                AmsOperator.DEFAULT_RECONCILE_THREADS,
                leaderElection ? Optional.of(LEASE_NAMESPACE) : Optional.empty(),
                identity,
                0,
                0,
                Platform.PERMISSIVE,
                () -> lostLease.add(identity)));
    started.add(process);
    return process;
  }

  @Test
  void servesProbesAndPrometheusMetrics() throws Exception {
    var process = process("solo", false);
    process.start();
    assertThat(get(process.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(process.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(process.healthPort(), "/nothing").statusCode()).isEqualTo(404);

    var user = server.client(OperatorHarness.USER);
    started.add(user);
    var instance = TestInstances.sample("development");
    instance.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    user.resource(instance).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var metrics = get(process.metricsPort(), "/metrics");
              assertThat(metrics.statusCode()).isEqualTo(200);
              assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
                  .startsWith("text/plain");
              assertThat(metrics.body())
                  .contains("jvm_memory_used_bytes")
                  .contains("jvm_threads_live_threads")
                  .contains("process_uptime_seconds")
                  // Without leader election the one replica leads from its start.
                  .containsPattern("(?m)^ams_operator_leader 1\\.0$")
                  .contains(
                      "ams_release_phase{name=\"ams\",namespace=\"ams\",phase=\"Stable\"} 1.0")
                  .contains("ams_release_canary_weight_percent{name=\"ams\",namespace=\"ams\"} 0.0")
                  .containsPattern("(?m)^operator_sdk_reconciliations_success_total\\{.*\\} [1-9]")
                  // The instance's reconcile timer: count, sum and max, no histogram.
                  .containsPattern(
                      "(?m)^operator_sdk_controllers_execution_reconcile_seconds_count\\{[^}]*"
                          + "resource_name=\"ams\"")
                  .doesNotContain("operator_sdk_controllers_execution_reconcile_seconds_bucket");
            });

    process.close();
    assertThat(unreachable(process.healthPort())).as("health server stopped").isTrue();
  }

  @Test
  void onlyTheLeaderReconcilesAndAStandbyIsReady() throws Exception {
    var first = process("replica-a", true);
    first.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> holder().filter("replica-a"::equals).isPresent());
    var second = process("replica-b", true);
    second.start();
    assertThat(get(second.healthPort(), "/readyz").statusCode())
        .as("a standby is ready")
        .isEqualTo(200);

    var user = server.client(OperatorHarness.USER);
    started.add(user);
    var instance = TestInstances.sample("development");
    instance.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    user.resource(instance).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var i =
                  user.resources(com.suresoft.ams.operator.api.v1alpha1.AmsInstance.class)
                      .inNamespace(OperatorHarness.NAMESPACE)
                      .withName(instance.getMetadata().getName())
                      .get();
              return i.getStatus() != null && i.getStatus().getPhase() != null;
            });
    assertThat(get(first.metricsPort(), "/metrics").body())
        .containsPattern("(?m)^operator_sdk_reconciliations_started_total\\{.*\\} [1-9]");
    assertThat(get(second.metricsPort(), "/metrics").body())
        .as("the standby reconciles nothing")
        .doesNotContainPattern("(?m)^operator_sdk_reconciliations_started_total\\{.*\\} [1-9]");
    // What the chart's AmsOperatorNoLeader alert reads: one leader, one standby.
    assertThat(get(first.metricsPort(), "/metrics").body())
        .containsPattern("(?m)^ams_operator_leader 1\\.0$");
    assertThat(get(second.metricsPort(), "/metrics").body())
        .containsPattern("(?m)^ams_operator_leader 0\\.0$");
    assertThat(holder()).contains("replica-a");

    // A graceful stop hands over: the standby takes the Lease and reconciles; nobody "lost" it.
    first.close();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> holder().filter("replica-b"::equals).isPresent());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get(second.metricsPort(), "/metrics").body())
                    .containsPattern(
                        "(?m)^operator_sdk_reconciliations_started_total\\{.*\\} [1-9]")
                    .containsPattern("(?m)^ams_operator_leader 1\\.0$"));
    assertThat(lostLease).isEmpty();
    assertThat(AmsOperator.LEASE_NAME).isEqualTo("ams-operator-lock");
  }

  /**
   * The leader dies in the middle of a blue-green release (every request it sends fails from then
   * on, and it never gives the Lease back); the standby takes over once the Lease expires and
   * finishes the release. Only the leader of the moment writes, and no step happens twice.
   */
  @Test
  void aKilledLeaderHandsTheReleaseOverAndNoStepHappensTwice() throws Exception {
    var first = process("replica-a", true, "replica-a");
    first.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> holder().filter("replica-a"::equals).isPresent());
    var second = process("replica-b", true, "replica-b");
    second.start();
    var user = server.client(OperatorHarness.USER);
    started.add(user);
    var instances = user.resources(AmsInstance.class).inNamespace(OperatorHarness.NAMESPACE);
    var instance =
        TestInstances.withSpec(
            "ams",
            """
            tier: Development
            version: "1.0.0"
            release:
              strategy: BlueGreen
              blueGreen: {scaleDownDelaySeconds: 1}
            """);
    user.resource(instance).create();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> status(instances).map(AmsInstanceStatus::getPhase).orElse(null) == Phase.Ready);
    instances
        .withName("ams")
        .edit(
            i -> {
              i.getSpec().setVersion("1.1.0");
              return i;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                status(instances)
                        .map(st -> st.getRelease() == null ? null : st.getRelease().getPhase())
                        .orElse(null)
                    == ReleasePhase.Paused);
    // The step's Event follows its status write (a failed write repeats the step, not the Event):
    // kill the leader only once it is there, or the kill may land in between and lose it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                user.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                    .anyMatch(e -> e.getReason().equals("PreviewReady")));
    var log = server.requestLog();
    assertThat(
            log.writesSince(0, "replica-b"::equals).stream()
                // JOSDK's start-up question whether it may use Leases changes nothing.
                .filter(r -> !r.path().endsWith("/selfsubjectrulesreviews")))
        .as("the standby writes nothing")
        .isEmpty();

    // Kill the leader: from now on every request it sends fails, Lease renewals included.
    long killed = log.mark();
    server.addInterceptor(
        r ->
            r.actor().equals("replica-a")
                ? Interception.respondWithStatus(503, "ServiceUnavailable", "replica-a is dead")
                : Interception.proceed());
    long killedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> holder().filter("replica-b"::equals).isPresent());
    System.out.printf(
        "the standby took over %d ms after the leader died%n",
        (System.nanoTime() - killedAt) / 1_000_000);

    instances
        .withName("ams")
        .edit(
            i -> {
              i.getMetadata().getAnnotations().put(Action.PROMOTE.annotation(), "promote-1");
              return i;
            });
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> {
              var r = instances.withName("ams").get().getStatus().getRelease();
              return r.getPhase() == ReleasePhase.Stable && "1.1.0".equals(r.getStableVersion());
            });
    assertThat(
            log.since(killed).stream()
                .filter(r -> r.actor().equals("replica-a") && r.isWrite())
                .filter(r -> r.status() > 0 && r.status() < 300))
        .as("the dead leader changed nothing")
        .isEmpty();
    // Each step's Event once: a step done again would record its Event again. The release's
    // Events are recorded after the status write that shows the step, so "Released" may follow
    // the Stable phase by a moment: wait for it, then count.
    Supplier<List<Event>> releaseEvents =
        () ->
            user.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                .filter(e -> "ams".equals(e.getInvolvedObject().getName()))
                .filter(
                    e ->
                        e.getMessage().matches(".*1[.-]1[.-]0.*")
                            || e.getReason().equals("Promoted"))
                .toList();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> releaseEvents.get().stream().anyMatch(e -> e.getReason().equals("Released")));
    var events = releaseEvents.get();
    assertThat(events)
        .extracting(e -> e.getReason())
        .contains("ReleaseStarted", "MigrationSucceeded", "PreviewReady", "Promoted", "Released")
        .doesNotHaveDuplicates();
    assertThat(events).allSatisfy(e -> assertThat(e.getCount()).isIn(null, 1));
    assertThat(
            log.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/jobs"))
                .filter(r -> r.status() == 201))
        .as("two migration Jobs (1.0.0, 1.1.0) and one smoke check, each created once")
        .hasSize(3);
  }

  private static Optional<AmsInstanceStatus> status(
      io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
              AmsInstance,
              io.fabric8.kubernetes.api.model.KubernetesResourceList<AmsInstance>,
              io.fabric8.kubernetes.client.dsl.Resource<AmsInstance>>
          instances) {
    var i = instances.withName("ams").get();
    return Optional.ofNullable(i == null ? null : i.getStatus());
  }

  private Optional<String> holder() {
    var lease =
        server
            .client()
            .resources(Lease.class)
            .inNamespace(LEASE_NAMESPACE)
            .withName(AmsOperator.LEASE_NAME)
            .get();
    return lease == null
        ? Optional.empty()
        : Optional.ofNullable(lease.getSpec().getHolderIdentity());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean unreachable(int port) throws Exception {
    try {
      get(port, "/healthz");
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }
}
