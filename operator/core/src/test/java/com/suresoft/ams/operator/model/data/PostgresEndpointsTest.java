package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The -ro Service's endpoints: the replicas, as the EndpointSlice controller would list them. */
class PostgresEndpointsTest {
  private static final InstanceModel PRODUCTION =
      InstanceModel.of(TestInstances.sample("production"));

  private static Pod pod(String name, String ip, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid("uid-" + name)
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void theSliceListsEveryReplicaWithAnIpAndNeverThePrimary() {
    var pods =
        List.of(
            pod("ams-postgres-2", "10.0.0.12", false),
            pod("ams-postgres-0", "10.0.0.10", true),
            pod("ams-postgres-1", "10.0.0.11", true),
            pod("ams-postgres-3", null, false),
            pod("other-postgres-1", "10.0.0.99", true));
    var slices =
        PostgresEndpoints.readOnly(PRODUCTION, PostgresEndpoints.replicas(PRODUCTION, pods));
    var slice = slices.get("ams-postgres-ro-ipv4");
    assertThat(slices).containsOnlyKeys("ams-postgres-ro-ipv4");
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getEndpoints())
        .extracting(e -> e.getTargetRef().getName(), e -> e.getAddresses().get(0))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ams-postgres-1", "10.0.0.11"),
            org.assertj.core.groups.Tuple.tuple("ams-postgres-2", "10.0.0.12"));
    assertThat(slice.getEndpoints())
        .extracting(e -> e.getConditions().getReady())
        .containsExactly(true, false);
    assertThat(slice.getEndpoints().get(0).getTargetRef().getUid()).isEqualTo("uid-ams-postgres-1");
    // kube-proxy and DNS find the slice by the Service's name; the EndpointSlice controller leaves
    // it alone because it names another manager.
    assertThat(slice.getMetadata().getLabels())
        .containsEntry("kubernetes.io/service-name", "ams-postgres-ro")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "ams-operator")
        .containsEntry("app.kubernetes.io/managed-by", "ams-operator");
    // The port of the Service it serves, by name, with the container's port number.
    var service = DataTier.services(PRODUCTION).get("ams-postgres-ro");
    assertThat(service.getSpec().getSelector()).isNullOrEmpty();
    assertThat(slice.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo(service.getSpec().getPorts().get(0).getName());
              assertThat(p.getPort()).isEqualTo(PostgresCluster.PORT);
            });
  }

  @Test
  void aTerminatingReplicaStaysServingButNotReady() {
    var leaving = pod("ams-postgres-1", "10.0.0.11", true);
    leaving.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    Endpoint e =
        PostgresEndpoints.readOnly(
                PRODUCTION, PostgresEndpoints.replicas(PRODUCTION, List.of(leaving)))
            .get("ams-postgres-ro-ipv4")
            .getEndpoints()
            .get(0);
    assertThat(e.getConditions().getReady()).isFalse();
    assertThat(e.getConditions().getServing()).isTrue();
    assertThat(e.getConditions().getTerminating()).isTrue();
  }

  /** An address type cannot change: each family has its own slice, from the first IP on. */
  @Test
  void eachAddressFamilyHasItsOwnSlice() {
    var pods =
        List.of(pod("ams-postgres-1", "fd00::11", true), pod("ams-postgres-2", "10.0.0.12", true));
    var slices =
        PostgresEndpoints.readOnly(PRODUCTION, PostgresEndpoints.replicas(PRODUCTION, pods));
    assertThat(slices).containsOnlyKeys("ams-postgres-ro-ipv4", "ams-postgres-ro-ipv6");
    assertThat(slices.get("ams-postgres-ro-ipv6").getAddressType()).isEqualTo("IPv6");
    assertThat(slices.get("ams-postgres-ro-ipv6").getEndpoints())
        .singleElement()
        .satisfies(e -> assertThat(e.getAddresses()).containsExactly("fd00::11"));
    assertThat(slices.get("ams-postgres-ro-ipv4").getEndpoints())
        .singleElement()
        .satisfies(e -> assertThat(e.getAddresses()).containsExactly("10.0.0.12"));
  }

  @Test
  void noSliceWithoutManagedPostgresOrWithoutAReplicaWithAnIp() {
    var external =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Development\nversion: \"1.0.0\"\n"
                    + "database:\n  mode: External\n  externalSecretName: my-db\n"));
    assertThat(PostgresEndpoints.readOnly(external, List.of())).isEmpty();
    assertThat(
            PostgresEndpoints.readOnly(
                PRODUCTION,
                PostgresEndpoints.replicas(
                    PRODUCTION,
                    List.of(
                        pod("ams-postgres-0", "10.0.0.10", true),
                        pod("ams-postgres-1", null, false)))))
        .isEmpty();
  }
}
