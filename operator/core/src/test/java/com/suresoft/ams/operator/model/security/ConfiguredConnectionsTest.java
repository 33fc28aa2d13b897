package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.security.RenderedNamespace.Phase;
import com.suresoft.ams.testkit.network.NetworkPolicyEvaluator;
import com.suresoft.ams.testkit.network.PodConnections;
import com.suresoft.ams.testkit.network.PodConnections.Destination;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the operator creates, Jobs and CronJobs included, at every release phase, can make
 * every connection its configuration points at under the instance's NetworkPolicies, evaluated as a
 * network plugin would. The connections are derived from the pods themselves ({@link
 * PodConnections}: URLs in env and command, libpq variables, resolved through the rendered
 * Services), so a new Job or a changed endpoint without its rule fails here.
 */
class ConfiguredConnectionsTest {

  /** Specs no sample covers: External database and object storage, Gateway API edge. */
  private static final Map<String, String> VARIANTS =
      Map.of(
          "external-data",
          """
          tier: Staging
          version: "1.0.0"
          database: {mode: External, externalSecretName: db}
          objectStorage: {mode: External, externalSecretName: s3}
          """,
          "external-data-ranges",
          """
          tier: Staging
          version: "1.0.0"
          database:
            mode: External
            externalSecretName: db
            externalEgress: [{cidr: 10.20.0.0/16, ports: [6432]}]
          objectStorage:
            mode: External
            externalSecretName: s3
            externalEgress: [{cidr: "2001:db8::/48", ports: [9000]}]
          """,
          "managed-db-external-s3",
          """
          tier: Production
          version: "1.0.0"
          objectStorage: {mode: External, externalSecretName: s3}
          """,
          "gateway",
          """
          tier: Production
          version: "1.0.0"
          ingress:
            host: ams.example.com
            gateway: {parentRefs: [{name: edge, namespace: gateways}]}
          """);

  static Stream<RenderedNamespace> namespaces() {
    var instances = new ArrayList<AmsInstance>();
    TestInstances.sampleNames().forEach(n -> instances.add(TestInstances.sample(n)));
    VARIANTS.values().forEach(spec -> instances.add(TestInstances.withSpec("ams", spec)));
    instances.add(e2eInstance());
    return instances.stream()
        .map(InstanceModel::of)
        .flatMap(m -> Stream.of(Phase.values()).map(p -> new RenderedNamespace(m, p)));
  }

  /** The instance the kind e2e runs under enforced NetworkPolicies. */
  private static AmsInstance e2eInstance() {
    try {
      return new KubernetesSerialization()
          .unmarshal(
              Files.readString(
                  TestInstances.projectRoot().resolve(".github/e2e/ams-instance.yaml")),
              AmsInstance.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namespaces")
  void everyConfiguredConnectionOfEveryPodIsAllowed(RenderedNamespace ns) {
    var around = ns.neighbourhood();
    var denied = new ArrayList<String>();
    var unreachable = new ArrayList<String>();
    for (var pod : ns.pods()) {
      PodConnections.denied(pod.labels(), pod.spec(), around)
          .forEach(d -> denied.add(pod.where() + ": " + d));
      for (Destination d : PodConnections.destinations(pod.spec(), around.references())) {
        PodConnections.resolve(d, around)
            .unreachable()
            .forEach(u -> unreachable.add(pod.where() + ": " + d + ": " + u.why()));
      }
    }
    assertThat(denied).isEqualTo(List.of());
    // A destination that resolves nowhere would be checked against nothing: a typo in a host
    // must fail here rather than pass unchecked.
    assertThat(unreachable).isEqualTo(List.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namespaces")
  void everyJobPodIsConfiguredToReachSomethingAndNoServiceSelectsIt(RenderedNamespace ns) {
    var around = ns.neighbourhood();
    var jobPods = ns.pods().stream().filter(RenderedNamespace.Pod::ofAJob).toList();
    for (var pod : jobPods) {
      // Otherwise the check above would pass vacuously for it.
      assertThat(PodConnections.destinations(pod.spec(), around.references()))
          .as(pod.where())
          .isNotEmpty();
      for (Service s : ns.all(Service.class)) {
        if (s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) {
          // Its endpoints are an EndpointSlice (postgres -ro): it selects no pod, unlike an empty
          // NetworkPolicy selector, which selects every pod.
          continue;
        }
        assertThat(
                NetworkPolicyEvaluator.matches(
                    new LabelSelector(null, s.getSpec().getSelector()), pod.labels()))
            .as("Service %s selects %s", s.getMetadata().getName(), pod.where())
            .isFalse();
      }
    }
  }

  @Test
  void theE2eGatewaysProxiesReachWebAndApiAndNothingElseOfTheInstance() {
    var m = InstanceModel.of(e2eInstance());
    var evaluator = new NetworkPolicyEvaluator(NetworkPolicies.desired(m).values(), "ams");
    var proxy =
        NetworkPolicyEvaluator.Endpoint.pod(
            "envoy-gateway-system", Map.of("app.kubernetes.io/name", "envoy"));
    var elsewhere = NetworkPolicyEvaluator.Endpoint.pod("default", Map.of());
    var ns = new RenderedNamespace(m, Phase.STEADY);
    var reached = new TreeSet<String>();
    for (var pod : ns.pods()) {
      var to = NetworkPolicyEvaluator.Endpoint.pod("ams", pod.labels());
      for (var c : pod.spec().getContainers()) {
        for (var port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
          var p = new NetworkPolicyEvaluator.Port(port.getContainerPort(), port.getName());
          if (evaluator.allowed(proxy, to, p)) {
            reached.add(pod.labels().get(Labels.COMPONENT) + ":" + port.getContainerPort());
          }
          assertThat(evaluator.allowed(elsewhere, to, p)).as(pod.where()).isFalse();
        }
      }
    }
    assertThat(reached).containsExactlyInAnyOrder("web:80", "api:4000");
  }

  @Test
  void eachJobKindHasAComponentLabelOfItsOwn() {
    var ns =
        new RenderedNamespace(
            InstanceModel.of(TestInstances.sample("release-blue-green")), Phase.BLUE_GREEN_PREVIEW);
    Set<String> components = new TreeSet<>();
    for (var pod : ns.pods()) {
      if (pod.ofAJob()) {
        components.add(pod.labels().get(Labels.COMPONENT));
      }
    }
    assertThat(components).containsExactly("backup", "buckets", "migration", "smoke-check");
  }

  @Test
  void theDerivationFindsTheConnectionsEachJobIsConfiguredToMake() {
    var ns =
        new RenderedNamespace(
            InstanceModel.of(TestInstances.sample("release-blue-green")), Phase.BLUE_GREEN_PREVIEW);
    var around = ns.neighbourhood();
    var found = new TreeSet<String>();
    for (var pod : ns.pods()) {
      if (pod.ofAJob()) {
        for (Destination d : PodConnections.destinations(pod.spec(), around.references())) {
          found.add(pod.labels().get(Labels.COMPONENT) + " " + d.host() + ":" + d.port());
        }
      }
    }
    assertThat(found)
        .contains(
            "backup ams-postgres-rw:5432",
            "backup ams-minio:9000",
            "buckets ams-minio:9000",
            "smoke-check ams-api-preview:4000",
            "migration ams-redis:6379");
    assertThat(found).anyMatch(c -> c.matches("migration ams-(pgbouncer|postgres-rw):5432"));
  }

  @Test
  void aMissingBackupEgressRuleIsFoundAsTheDeniedConnections() {
    var ns =
        new RenderedNamespace(InstanceModel.of(TestInstances.sample("production")), Phase.STEADY);
    var policies = new ArrayList<NetworkPolicy>();
    for (NetworkPolicy p : ns.all(NetworkPolicy.class)) {
      if (p.getMetadata().getName().equals("ams-backup-netpol")) {
        p = new NetworkPolicyBuilder(p).editSpec().withEgress(List.of()).endSpec().build();
      }
      policies.add(p);
    }
    var backup =
        ns.pods().stream()
            .filter(p -> "backup".equals(p.labels().get(Labels.COMPONENT)))
            .findFirst()
            .orElseThrow();
    assertThat(PodConnections.denied(backup.labels(), backup.spec(), ns.neighbourhood(policies)))
        .containsExactlyInAnyOrder(
            "dump (env PGHOST) -> ams-postgres-rw:5432 (pod postgres port 5432): egress denied",
            "upload (env S3_ENDPOINT) -> ams-minio:9000 (pod minio port 9000): egress denied");
  }

  @Test
  void aMissingServerSideRuleIsFoundAsIngressDenied() {
    var ns =
        new RenderedNamespace(
            InstanceModel.of(TestInstances.sample("release-blue-green")), Phase.BLUE_GREEN_PREVIEW);
    var policies = new ArrayList<NetworkPolicy>();
    for (NetworkPolicy p : ns.all(NetworkPolicy.class)) {
      if (p.getMetadata().getName().equals("ams-api-netpol")) {
        // Keep every ingress rule but the smoke check's.
        var rules =
            p.getSpec().getIngress().stream()
                .filter(r -> !r.toString().contains("smoke-check"))
                .toList();
        p = new NetworkPolicyBuilder(p).editSpec().withIngress(rules).endSpec().build();
      }
      policies.add(p);
    }
    var smoke =
        ns.pods().stream()
            .filter(p -> "smoke-check".equals(p.labels().get(Labels.COMPONENT)))
            .findFirst()
            .orElseThrow();
    assertThat(PodConnections.denied(smoke.labels(), smoke.spec(), ns.neighbourhood(policies)))
        .containsExactly(
            "smoke-check (command) -> ams-api-preview:4000 (pod api port 4000): ingress denied");
  }
}
