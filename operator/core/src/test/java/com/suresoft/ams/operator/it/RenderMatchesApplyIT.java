package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.LeanEventSource;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.cli.AmsOperatorCli;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.FieldManagers;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.PostgresEndpoints;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code render} and {@code run} build from one list ({@link Stack}): for every sample, what {@code
 * render} prints is, kind and name for kind and name, what the operator applies. Each sample runs
 * in a namespace of its own (the samples all name their instance {@code ams}), all at once, until
 * every instance is Ready and the operator writes nothing more.
 *
 * <p>What the operator applies beyond the dependents, and so beyond render, is left out: the
 * instance's own status, Events, and the release's migration and smoke-check Jobs (the planner asks
 * for them per release attempt). What depends on the cluster is left out of the comparison with
 * render, which has no cluster: the EndpointSlices of {@code <name>-postgres-ro}, which exist once
 * PostgreSQL pods have addresses and are named by their address family. Which optional CRDs are
 * served decides the rest (the ExternalSecret, cert-manager's Certificates and Issuers or the
 * operator's own TLS Secrets, the CloudNativePG objects, the HTTPRoute, Istio's routes, the
 * Prometheus Operator's objects): render assumes all of them, so the render tests install all of
 * them, and the last test, without any, compares with {@link Stack#objects} given what that cluster
 * tells.
 */
class RenderMatchesApplyIT {
  private static final String OPERATOR = OperatorHarness.OPERATOR;
  private static final Duration CONVERGED = Duration.ofMinutes(3);

  /** The sample whose database CloudNativePG runs: this test plays that operator's part. */
  private static final String CNPG_SAMPLE = "production-cloudnativepg";

  /**
   * Every sample under one operator, the CloudNativePG one among instances whose PostgreSQL the
   * operator runs itself: a fleet of mixed modes is what one operator serves. (JOSDK registers a
   * dependent's informer while its activation condition holds and deregisters it when it does not,
   * so an activation condition that asked for the instance's mode stopped the Cluster's informer at
   * every other instance's reconciliation, and the next one of this instance created it again: 409.
   * Activation is the CRD's presence alone; the mode is a reconcile precondition.)
   */
  @Test
  void renderPrintsWhatTheOperatorAppliesWhereEveryOptionalCrdIsInstalled() {
    var samples = TestInstances.sampleNames();
    assertThat(samples).contains(CNPG_SAMPLE);
    try (var harness = start()) {
      installEveryOptionalCrd(harness.server());
      // CloudNativePG's app Secret first: the operator trusts a Secret it found missing for a
      // minute before it looks again, and this test is not about that wait.
      CloudNativePgStandIn.writeAppSecret(harness.user(), CNPG_SAMPLE);
      samples.forEach(s -> create(harness, s));
      CloudNativePgStandIn.reportClusterReady(harness.user(), CNPG_SAMPLE, CONVERGED);
      awaitConverged(harness, samples);
      samples.forEach(s -> assertAppliedIsRendered(harness, s));
      assertEveryInformerKeepsOnlyWhatTheOperatorReads(harness);
      assertOnlyStatusesTheOperatorReadsBringAReconcile(harness);
      // Converged is not enough: a Cluster its informer lost would be created again and again.
      assertThat(harness.server().requestLog().requests())
          .as("operator writes of CloudNativePG Clusters answered 409")
          .noneMatch(
              r ->
                  r.isWrite()
                      && r.status() == 409
                      && r.resource().equals("postgresql.cnpg.io/clusters")
                      && r.actor().equals(OPERATOR));
    }
  }

  /**
   * Every informer, of every optional kind as well, stores through {@link LeanStore}: other field
   * managers' entries, which the server holds (the simulated controllers write the workloads'
   * status), are not in the operator's memory. And each informer gets a store of its own: with some
   * namespaces watched there is an informer per namespace, and a store they shared would lose one
   * namespace's objects whenever another's informer lists (WatchedNamespacesIT).
   */
  private static void assertEveryInformerKeepsOnlyWhatTheOperatorReads(OperatorHarness harness) {
    var informers = harness.operator().informers();
    // The instances', the workflow's (one per set, optional kinds included) and the reconciler's.
    assertThat(informers).hasSizeGreaterThan(25);
    assertThat(informers)
        .as("informers of secondary kinds that keep fabric8's index by namespace")
        .filteredOn(i -> !(i instanceof ControllerEventSource))
        .allMatch(i -> i instanceof LeanEventSource);
    assertThat(informers)
        .allSatisfy(
            i -> {
              var configuration = i.configuration().getInformerConfig();
              assertThat(configuration.getItemStore()).as(i.name()).isInstanceOf(LeanStore.class);
              assertThat(configuration.getItemStore())
                  .as(i.name() + ": a store per informer")
                  .isNotSameAs(configuration.getItemStore());
            });
    assertThat(harness.user().apps().deployments().inAnyNamespace().list().getItems())
        .as("what the server holds")
        .anyMatch(d -> !FieldManagers.ALL.containsAll(managers(d)));
    for (var informer : informers) {
      assertThat(informer.list(o -> true).map(RenderMatchesApplyIT::managers))
          .as(informer.name())
          .allMatch(FieldManagers.ALL::containsAll);
    }
  }

  /** Kinds whose status the operator reads: workloads' readiness, Jobs' outcomes, pods, CNPG's. */
  private static final Set<String> STATUS_READ =
      Set.of("Deployment", "StatefulSet", "Job", "Pod", "Cluster");

  /** Kinds of which no controller writes a status (a ClusterIP Service gets none). */
  private static final Set<String> NO_STATUS =
      Set.of("ConfigMap", "Secret", "Service", "NetworkPolicy", "EndpointSlice");

  /**
   * Kinds whose status the operator reads a part of: an HPA's wanted replicas, the instance's
   * release. Their informers have filters of their own.
   */
  private static final Set<String> STATUS_PARTLY_READ =
      Set.of("HorizontalPodAutoscaler", "AmsInstance");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * Every informer of a kind whose status another controller writes, and the operator does not
   * read, filters updates of status alone: each would bring a reconcile that finds nothing to do (a
   * PodDisruptionBudget's status moves with every pod's readiness). Unless the operator reads a
   * part of it, its store keeps no status, and no cached object has one (the simulated disruption
   * controller writes the budgets').
   */
  private static void assertOnlyStatusesTheOperatorReadsBringAReconcile(OperatorHarness harness) {
    assertThat(harness.operator().informers())
        .allSatisfy(
            i -> {
              var configuration = i.configuration();
              String kind =
                  configuration instanceof InformerEventSourceConfiguration<?> c
                          && c.getGroupVersionKind().isPresent()
                      ? c.getGroupVersionKind().get().getKind()
                      : HasMetadata.getKind(configuration.getResourceClass());
              if (!STATUS_READ.contains(kind) && !NO_STATUS.contains(kind)) {
                assertThat(configuration.getInformerConfig().getOnUpdateFilter())
                    .as(i.name() + " (" + kind + ")")
                    .isNotNull();
              }
              if (!STATUS_READ.contains(kind)
                  && !NO_STATUS.contains(kind)
                  && !STATUS_PARTLY_READ.contains(kind)) {
                assertThat(configuration.getInformerConfig().getItemStore())
                    .as(i.name() + " (" + kind + ")")
                    .isInstanceOf(LeanStore.WithoutStatus.class);
                assertThat(i.list(o -> true))
                    .as(i.name() + " (" + kind + "): cached objects with a status")
                    .noneMatch(o -> SERIALIZATION.convertValue(o, Map.class).containsKey("status"));
              }
            });
    var budgetsStored =
        harness.user().policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems();
    assertThat(budgetsStored)
        .as("budgets with a status on the server")
        .isNotEmpty()
        .allMatch(b -> b.getStatus() != null);
  }

  private static Set<String> managers(HasMetadata object) {
    var entries = object.getMetadata().getManagedFields();
    return entries == null
        ? Set.of()
        : entries.stream().map(ManagedFieldsEntry::getManager).collect(Collectors.toSet());
  }

  private static void assertAppliedIsRendered(OperatorHarness harness, String sample) {
    var applied = applied(harness, sample);
    // Cluster-dependent: they list the PostgreSQL pods, and are named by their address family
    // (none here, where no pod runs; the test without optional CRDs has them).
    applied.removeIf(o -> o.startsWith("EndpointSlice/"));
    assertThat(applied).as(sample).isEqualTo(rendered(sample));
  }

  /**
   * Without any optional CRD the operator issues the data tier's certificates itself and writes
   * nothing of the other operators' kinds; with the PostgreSQL pods' addresses the {@code -ro}
   * Service's EndpointSlices join. The CloudNativePG sample is left out: without CNPG its data tier
   * never becomes ready, and the app tier waits for it (the workflow's gate, not a part of the
   * stack).
   */
  @Test
  void theStackIsWhatTheOperatorAppliesWhereNoOptionalCrdIsInstalled() {
    var samples = TestInstances.sampleNames().stream().filter(s -> !s.equals(CNPG_SAMPLE)).toList();
    try (var harness = start()) {
      samples.forEach(s -> create(harness, s));
      awaitConverged(harness, samples);
      actAsKubeletForPostgres(harness, "production", 3);
      harness.awaitOperatorQuiet(Duration.ofSeconds(1));
      for (String sample : samples) {
        assertThat(applied(harness, sample))
            .as(sample)
            .isEqualTo(stack(harness, sample, ServedVersions.none()));
      }
      // The parts render never shows were there to compare: production runs PostgreSQL replicas.
      assertThat(applied(harness, "production"))
          .contains("Secret/" + new ResourceNames("ams").caSecret())
          .anyMatch(o -> o.startsWith("EndpointSlice/"));
    }
  }

  private static OperatorHarness start() {
    return OperatorHarness.start(
        Duration.ofMillis(250), s -> s.platform(TestPlatforms.CHART_DEFAULTS));
  }

  /** Every kind of {@code OptionalCrd}, in the newest version the operator writes. */
  private static void installEveryOptionalCrd(EmbeddedApiServer server) {
    server.installCrd(crd("external-secrets.io", "ExternalSecret", "externalsecrets"));
    server.installCrd(crd("cert-manager.io", "Certificate", "certificates"));
    server.installCrd(crd("cert-manager.io", "Issuer", "issuers"));
    server.installCrd(crd("postgresql.cnpg.io", "Cluster", "clusters"));
    server.installCrd(crd("postgresql.cnpg.io", "Pooler", "poolers"));
    server.installCrd(crd("gateway.networking.k8s.io", "HTTPRoute", "httproutes"));
    server.installCrd(crd("networking.istio.io", "VirtualService", "virtualservices"));
    server.installCrd(crd("networking.istio.io", "DestinationRule", "destinationrules"));
    server.installCrd(crd("monitoring.coreos.com", "ServiceMonitor", "servicemonitors"));
    server.installCrd(crd("monitoring.coreos.com", "PrometheusRule", "prometheusrules"));
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd(
      String group, String kind, String plural) {
    return EmbeddedApiServer.minimalCrd(group, "v1", kind, plural);
  }

  /** The sample in the namespace named after it. */
  private static void create(OperatorHarness harness, String sample) {
    var instance = TestInstances.sample(sample);
    instance.getMetadata().setNamespace(sample);
    harness.user().resource(instance).create();
  }

  /**
   * Starts the PostgreSQL pods of the StatefulSet with addresses and ready, as its controller and
   * the kubelet would (the double runs neither for StatefulSets): the {@code -ro} Service's
   * EndpointSlice then lists the replicas.
   */
  private static void actAsKubeletForPostgres(
      OperatorHarness harness, String namespace, int instances) {
    var pods = harness.user().pods().inNamespace(namespace);
    for (int ordinal = 0; ordinal < instances; ordinal++) {
      var pod =
          pods.resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName("ams-postgres-" + ordinal)
                      .withNamespace(namespace)
                      .withLabels(Labels.of("ams", Component.POSTGRES, null))
                      .endMetadata()
                      .withNewSpec()
                      .addNewContainer()
                      .withName("postgres")
                      .withImage("postgres:15-alpine")
                      .endContainer()
                      .endSpec()
                      .build())
              .create();
      pod.setStatus(
          new PodStatusBuilder()
              .withPhase("Running")
              .withPodIP("10.1.0." + (10 + ordinal))
              .addNewCondition()
              .withType("Ready")
              .withStatus("True")
              .endCondition()
              .build());
      pods.resource(pod).updateStatus();
    }
  }

  private static void awaitConverged(OperatorHarness harness, List<String> samples) {
    try {
      await()
          .atMost(CONVERGED)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> samples.stream().allMatch(s -> ready(harness, s)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not Ready: " + notReady(harness, samples), e);
    }
    harness.awaitOperatorQuiet(Duration.ofSeconds(1));
  }

  private static String notReady(OperatorHarness harness, List<String> samples) {
    return samples.stream()
        .filter(s -> !ready(harness, s))
        .map(
            s -> {
              var i =
                  harness.user().resources(AmsInstance.class).inNamespace(s).withName("ams").get();
              return s
                  + (i == null || i.getStatus() == null
                      ? " (no status)"
                      : " " + i.getStatus().getPhase() + " " + i.getStatus().getConditions());
            })
        .collect(Collectors.joining("; "));
  }

  private static boolean ready(OperatorHarness harness, String namespace) {
    var instance =
        harness.user().resources(AmsInstance.class).inNamespace(namespace).withName("ams").get();
    return instance != null
        && instance.getStatus() != null
        && instance.getStatus().getPhase() == Phase.Ready;
  }

  /**
   * Kind/name of every object in {@code namespace} the operator wrote (a field manager of its own
   * on the object), but for what no dependent writes.
   */
  private static Set<String> applied(OperatorHarness harness, String namespace) {
    var result = new TreeSet<String>();
    for (var stored : harness.server().storedObjects()) {
      var meta = stored.path("metadata");
      if (!namespace.equals(meta.path("namespace").asText()) || !writtenByOperator(meta)) {
        continue;
      }
      String kind = stored.path("kind").asText();
      String component = meta.path("labels").path(Labels.COMPONENT).asText();
      boolean releaseJob =
          kind.equals("Job")
              && (component.equals(Component.MIGRATION.label())
                  || component.equals(Component.SMOKE_CHECK.label()));
      if (kind.equals("AmsInstance") || kind.equals("Event") || releaseJob) {
        continue;
      }
      result.add(kind + "/" + meta.path("name").asText());
    }
    return result;
  }

  private static boolean writtenByOperator(JsonNode meta) {
    return StreamSupport.stream(meta.path("managedFields").spliterator(), false)
        .anyMatch(f -> OPERATOR.equals(f.path("manager").asText()));
  }

  /** Kind/name of every object {@code render -f samples/<sample>.yaml} prints. */
  private static Set<String> rendered(String sample) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        AmsOperatorCli.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "render",
            "-f",
            TestInstances.projectRoot().resolve("samples").resolve(sample + ".yaml").toString(),
            "--allowed-prometheus-urls",
            TestPlatforms.PROMETHEUS);
    assertThat(code).as(sample + ": " + err).isZero();
    try (var docs =
        new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(out.toString())) {
      var result = new TreeSet<String>();
      while (docs.hasNext()) {
        JsonNode doc = (JsonNode) docs.next();
        result.add(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText());
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kind/name of {@link Stack#objects} given what the cluster tells: {@code served}, the PostgreSQL
   * pods, the operator-issued TLS Secrets as they are.
   */
  private static Set<String> stack(OperatorHarness harness, String sample, ServedVersions served) {
    var client = harness.user();
    var instance = client.resources(AmsInstance.class).inNamespace(sample).withName("ams").get();
    var model = InstanceModel.of(instance, TestPlatforms.CHART_DEFAULTS);
    var pods =
        client.pods().inNamespace(sample).withLabel(Labels.COMPONENT, "postgres").list().getItems();
    var tls = new HashMap<String, Secret>();
    client
        .secrets()
        .inNamespace(sample)
        .withLabel(Labels.COMPONENT, "tls")
        .list()
        .getItems()
        .forEach(s -> tls.put(s.getMetadata().getName(), s));
    var cluster =
        new Stack.Cluster(
            served,
            PostgresEndpoints.replicas(model, List.<Pod>copyOf(pods)),
            tls,
            Instant.now(),
            new EcKeyPairs(new SecureRandom()));
    var secret = client.secrets().inNamespace(sample).withName("ams-secrets").get();
    return Stack.objects(
            model,
            ReleasePlanner.steady(model, Slot.blue),
            AppSecret.decode(secret),
            key -> "generated",
            cluster)
        .stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
