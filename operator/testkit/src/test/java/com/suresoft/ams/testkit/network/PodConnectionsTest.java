package com.suresoft.ams.testkit.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.testkit.network.PodConnections.Destination;
import com.suresoft.ams.testkit.network.PodConnections.Neighbourhood;
import com.suresoft.ams.testkit.network.PodConnections.References;
import com.suresoft.ams.testkit.network.PodConnections.ServingPod;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@link PodConnections} reads a pod's configuration and resolves hosts, case by case. */
class PodConnectionsTest {

  private static final References SECRETS =
      new References() {
        @Override
        public Optional<String> secret(String name, String key) {
          return "s".equals(name) && "url".equals(key)
              ? Optional.of("postgresql://u:p@ss@db:6432/x?sslmode=disable")
              : Optional.empty();
        }

        @Override
        public Optional<String> configMap(String name, String key) {
          return "c".equals(name) ? Optional.of("redis://cache") : Optional.empty();
        }
      };

  private static PodSpec pod(List<String> command, EnvVar... env) {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("main")
        .withCommand(command)
        .withEnv(env)
        .endContainer()
        .build();
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  @Test
  void urlsComeFromPlainSecretAndConfigMapEnvWithExpansionAndDefaultPorts() {
    var spec =
        pod(
            List.of("curl", "https://api.example.com/health"),
            new EnvVarBuilder()
                .withName("DATABASE_URL")
                .withNewValueFrom()
                .withNewSecretKeyRef("url", "s", false)
                .endValueFrom()
                .build(),
            new EnvVarBuilder()
                .withName("REDIS_URL")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("k", "c", false)
                .endValueFrom()
                .build(),
            plain("HOST", "minio"),
            plain("S3_ENDPOINT", "http://$(HOST):9000"),
            plain("MISSING", "$(NOT_SET)"),
            plain("SIDECAR", "http://localhost:9187/metrics"));
    assertThat(PodConnections.destinations(spec, SECRETS))
        .containsExactly(
            new Destination("main", "env DATABASE_URL", "db", 6432),
            new Destination("main", "env REDIS_URL", "cache", 6379),
            new Destination("main", "env S3_ENDPOINT", "minio", 9000),
            new Destination("main", "command", "api.example.com", 443));
  }

  @Test
  void libpqVariablesNameTheDatabaseAndAUnixSocketIsNoConnection() {
    assertThat(
            PodConnections.destinations(
                pod(List.of(), plain("PGHOST", "pg-rw,/var/run/postgresql")), References.NONE))
        .containsExactly(new Destination("main", "env PGHOST", "pg-rw", 5432));
    assertThat(
            PodConnections.destinations(
                pod(List.of(), plain("PGHOST", "pg"), plain("PGPORT", "6543")), References.NONE))
        .containsExactly(new Destination("main", "env PGHOST", "pg", 6543));
  }

  @Test
  void aNameTheHostAliasesPointAtLoopbackIsThePodItself() {
    var spec =
        new PodSpecBuilder(
                pod(
                    List.of(),
                    plain("OWN", "postgres://u@db.ns.svc:5432/x?sslmode=verify-full"),
                    plain("OTHER", "postgres://u@db:5432/x"),
                    plain("ELSEWHERE", "postgres://u@other.ns.svc:5432/x")))
            .addNewHostAlias()
            .withIp("127.0.0.1")
            .withHostnames("db.ns.svc")
            .endHostAlias()
            .addNewHostAlias()
            .withIp("10.0.0.9")
            .withHostnames("other.ns.svc")
            .endHostAlias()
            .build();
    // /etc/hosts maps exactly the aliased name to loopback; other spellings still go to DNS, and
    // an alias to a routable address is still the network.
    assertThat(PodConnections.destinations(spec, References.NONE))
        .containsExactly(
            new Destination("main", "env OTHER", "db", 5432),
            new Destination("main", "env ELSEWHERE", "other.ns.svc", 5432));
  }

  private static final Map<String, String> DB = Map.of("app", "db");

  private static Neighbourhood around() {
    Service db =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("db")
            .endMetadata()
            .withNewSpec()
            .withSelector(DB)
            .addNewPort()
            .withPort(6432)
            .withTargetPort(new IntOrString("pg"))
            .endPort()
            .endSpec()
            .build();
    var pod =
        new ServingPod(
            DB, List.of(new ContainerPortBuilder().withName("pg").withContainerPort(5432).build()));
    return new Neighbourhood("ns", List.of(), List.of(db), List.of(pod), References.NONE);
  }

  @Test
  void aServiceNameInAnyFormResolvesToTheNamedTargetPortOfItsPods() {
    for (String host : List.of("db", "db.ns", "db.ns.svc", "db.ns.svc.cluster.local")) {
      var r = PodConnections.resolve(new Destination("main", "env", host, 6432), around());
      assertThat(r.unreachable()).as(host).isEmpty();
      assertThat(r.connections())
          .as(host)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.service()).isEqualTo("db");
                assertThat(c.to()).isEqualTo(NetworkPolicyEvaluator.Endpoint.pod("ns", DB));
                assertThat(c.port()).isEqualTo(new NetworkPolicyEvaluator.Port(5432, "pg"));
              });
    }
  }

  @Test
  void unknownNamesMissingPortsAndOtherNamespacesAreUnreachableAndDomainsAreOutside() {
    assertThat(
            PodConnections.resolve(new Destination("m", "env", "nope", 80), around()).unreachable())
        .extracting(PodConnections.Unreachable::why)
        .containsExactly("no Service nope");
    assertThat(
            PodConnections.resolve(new Destination("m", "env", "db", 5432), around()).unreachable())
        .extracting(PodConnections.Unreachable::why)
        .containsExactly("Service db has no port 5432");
    assertThat(
            PodConnections.resolve(new Destination("m", "env", "db.other.svc", 6432), around())
                .unreachable())
        .hasSize(1);
    assertThat(
            PodConnections.resolve(new Destination("m", "env", "s3.example.com", 443), around())
                .connections())
        .singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(NetworkPolicyEvaluator.Endpoint.external()));
  }

  @Test
  void anAddressLiteralIsAnOutsideEndpointAtThatAddress() {
    for (String host : List.of("10.20.3.4", "[2001:db8::10]")) {
      assertThat(
              PodConnections.resolve(new Destination("m", "env", host, 5432), around())
                  .connections())
          .as(host)
          .singleElement()
          .satisfies(
              c -> assertThat(c.to().address()).isEqualTo(host.replace("[", "").replace("]", "")));
    }
  }

  @Test
  void aNameIsAdmittedOnlyByABlockOfAWholeFamilyAndAnAddressByItsRangeMinusExcept() {
    var policy =
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
            .withNewSpec()
            .withNewPodSelector()
            .endPodSelector()
            .withPolicyTypes("Egress")
            .addNewEgress()
            .addNewTo()
            .withNewIpBlock()
            .withCidr("0.0.0.0/0")
            .withExcept("169.254.0.0/16")
            .endIpBlock()
            .endTo()
            .endEgress()
            .addNewEgress()
            .addNewTo()
            .withNewIpBlock()
            .withCidr("10.0.0.0/8")
            .endIpBlock()
            .endTo()
            .endEgress()
            .endSpec()
            .build();
    var narrow =
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(policy)
            .editSpec()
            .withEgress(policy.getSpec().getEgress().get(1))
            .endSpec()
            .build();
    var pod = NetworkPolicyEvaluator.Endpoint.pod("ns", Map.of("app", "x"));
    var port = new NetworkPolicyEvaluator.Port(5432, null);
    var wide = new NetworkPolicyEvaluator(List.of(policy), "ns");
    var only10 = new NetworkPolicyEvaluator(List.of(narrow), "ns");
    var name = NetworkPolicyEvaluator.Endpoint.external();
    assertThat(wide.allowed(pod, name, port)).isTrue();
    assertThat(only10.allowed(pod, name, port)).isFalse();
    assertThat(wide.allowed(pod, NetworkPolicyEvaluator.Endpoint.external("8.8.8.8"), port))
        .isTrue();
    assertThat(wide.allowed(pod, NetworkPolicyEvaluator.Endpoint.external("169.254.169.254"), port))
        .isFalse();
    assertThat(only10.allowed(pod, NetworkPolicyEvaluator.Endpoint.external("10.1.2.3"), port))
        .isTrue();
    assertThat(only10.allowed(pod, NetworkPolicyEvaluator.Endpoint.external("11.1.2.3"), port))
        .isFalse();
    // Another family is not in the range.
    assertThat(wide.allowed(pod, NetworkPolicyEvaluator.Endpoint.external("2001:db8::1"), port))
        .isFalse();
  }
}
