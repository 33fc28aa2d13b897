package com.suresoft.ams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** PersistentVolumeClaims bind and grow as their StorageClass allows, as on a cluster. */
class VolumeSimulationTest extends SimulatedClusterTest {

  private static final String NS = Fixtures.NAMESPACE;

  @Test
  void aClaimOfAnImmediateClassBindsWithTheCapacityItRequested() {
    storageClass(client, "fast", false, "Immediate", false);
    create("data", "fast", "1024Mi");

    simulator.awaitIdle();

    var claim = claim("data");
    assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(claim.getStatus().getCapacity().get("storage").toString()).isEqualTo("1Gi");
  }

  @Test
  void aClaimOfAClassTheClusterDoesNotHaveStaysPendingUntilTheClassComes() {
    create("data", "ssd", "1Gi");
    create("loose", null, "1Gi");
    simulator.awaitIdle();
    assertThat(claim("data").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(claim("loose").getStatus().getPhase()).isEqualTo("Pending");

    storageClass(client, "ssd", false, "Immediate", false);
    simulator.awaitIdle();

    assertThat(claim("data").getStatus().getPhase()).isEqualTo("Bound");
    assertThat(claim("loose").getStatus().getPhase())
        .as("no class, no default")
        .isEqualTo("Pending");
  }

  @Test
  void aWaitForFirstConsumerClaimBindsOnlyOnceAPodUsesIt() {
    storageClass(client, "local", false, "WaitForFirstConsumer", false);
    create("uploads", "local", "1Gi");
    simulator.awaitIdle();
    assertThat(claim("uploads").getStatus().getPhase()).isEqualTo("Pending");

    var web = Fixtures.deployment("web", 1);
    web.getSpec()
        .getTemplate()
        .getSpec()
        .getVolumes()
        .add(
            new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("uploads")
                .withNewPersistentVolumeClaim()
                .withClaimName("uploads")
                .endPersistentVolumeClaim()
                .build());
    client.resource(web).create();
    simulator.awaitIdle();

    assertThat(claim("uploads").getStatus().getPhase()).isEqualTo("Bound");
  }

  @Test
  void aBoundClaimOfAnExpandableClassGetsTheCapacityItGrowsTo() {
    storageClass(client, "growable", true, "Immediate", false);
    create("data", "growable", "1Gi");
    simulator.awaitIdle();

    client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .withName("data")
        .edit(
            c -> {
              c.getSpec().getResources().getRequests().put("storage", new Quantity("2Gi"));
              return c;
            });
    simulator.awaitIdle();

    assertThat(claim("data").getStatus().getCapacity().get("storage").toString()).isEqualTo("2Gi");
  }

  @Test
  void aClaimWithoutAClassGetsTheDefaultOneAndBinds() {
    storageClass(client, "standard", false, "Immediate", true);
    create("data", null, "1Gi");
    simulator.awaitIdle();

    assertThat(claim("data").getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(claim("data").getStatus().getPhase()).isEqualTo("Bound");
  }

  static void storageClass(
      KubernetesClient client,
      String name,
      boolean expandable,
      String bindingMode,
      boolean isDefault) {
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(StorageClasses.DEFAULT_ANNOTATION, String.valueOf(isDefault))
                .endMetadata()
                .withProvisioner("example.com/" + name)
                .withAllowVolumeExpansion(expandable)
                .withVolumeBindingMode(bindingMode)
                .build())
        .create();
  }

  private void create(String name, String className, String size) {
    var claim = Fixtures.claim(name, size);
    claim.getSpec().setStorageClassName(className);
    client.resource(claim).create();
  }

  private PersistentVolumeClaim claim(String name) {
    return client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
  }
}
