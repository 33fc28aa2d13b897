package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.AMS_INSTANCES;
import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The primary resource's status is written by JOSDK with an SSA patch on /status. */
class CustomResourceStatusApplyTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      instances;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    server.installCrd(Fixtures.amsInstanceCrd());
    client = server.client();
    instances = client.genericKubernetesResources(AMS_INSTANCES);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void statusApplyChangesOnlyStatusAndRecordsAStatusEntry() {
    GenericKubernetesResource created =
        instances
            .inNamespace(NAMESPACE)
            .resource(Fixtures.amsInstance("prod", Map.of("version", "1.0")))
            .create();

    GenericKubernetesResource patched =
        patchStatusLikeJosdk(withStatus(created, Map.of("phase", "Ready")));

    assertThat(patched.get("status", "phase").toString()).isEqualTo("Ready");
    assertThat(patched.get("spec", "version").toString()).isEqualTo("1.0");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(ServerSideApplyTest.fieldsOf(patched, "ams-operator", "Apply"))
        .isEqualTo(Map.of("f:status", Map.of("f:phase", Map.of())));
    assertThat(
            patched.getMetadata().getManagedFields().stream()
                .filter(e -> e.getManager().equals("ams-operator"))
                .findFirst()
                .orElseThrow()
                .getSubresource())
        .isEqualTo("status");
  }

  @Test
  void statusApplyDropsStatusFieldsThatAreNoLongerApplied() {
    GenericKubernetesResource created =
        instances.inNamespace(NAMESPACE).resource(Fixtures.amsInstance("prod", Map.of())).create();
    GenericKubernetesResource first =
        patchStatusLikeJosdk(
            withStatus(created, Map.of("phase", "Upgrading", "message", "step 2")));

    GenericKubernetesResource second =
        patchStatusLikeJosdk(withStatus(first, Map.of("phase", "Ready")));

    assertThat(second.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Ready"));
  }

  @Test
  void statusApplyWithAStaleResourceVersionIsAConflict() {
    GenericKubernetesResource created =
        instances.inNamespace(NAMESPACE).resource(Fixtures.amsInstance("prod", Map.of())).create();
    patchStatusLikeJosdk(withStatus(created, Map.of("phase", "Ready")));

    assertThatThrownBy(() -> patchStatusLikeJosdk(withStatus(created, Map.of("phase", "Failed"))))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void statusInAMainResourceWriteIsIgnoredWhenTheCrdHasAStatusSubresource() {
    GenericKubernetesResource withStatus = Fixtures.amsInstance("prod", Map.of("version", "1.0"));
    withStatus.setAdditionalProperty("status", Map.of("phase", "Forged"));

    GenericKubernetesResource created =
        instances
            .inNamespace(NAMESPACE)
            .resource(withStatus)
            .fieldManager("ams-operator")
            .serverSideApply();

    assertThat(created.getAdditionalProperties()).doesNotContainKey("status");
    assertThat(ServerSideApplyTest.fieldsOf(created, "ams-operator", "Apply"))
        .isEqualTo(Map.of("f:spec", Map.of("f:version", Map.of())));
  }

  @Test
  void theKindIsDiscoverableOnceItsCrdIsInstalled() {
    instances.inNamespace(NAMESPACE).resource(Fixtures.amsInstance("prod", Map.of())).create();

    assertThat(
            client
                .genericKubernetesResources("ams.suresoft.com/v1alpha1", "AmsInstance")
                .inNamespace(NAMESPACE)
                .list()
                .getItems())
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("prod");
  }

  @Test
  void installedCrdsAreEstablished(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("crd.yaml"),
        client.getKubernetesSerialization().asYaml(Fixtures.amsInstanceCrd()));

    server.installCrds(dir);

    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("amsinstances.ams.suresoft.com")
            .get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Established");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  private static GenericKubernetesResource withStatus(
      GenericKubernetesResource resource, Map<String, Object> status) {
    GenericKubernetesResource copy =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder(resource).build();
    copy.setAdditionalProperty("status", status);
    return copy;
  }

  /** What JOSDK's ReconciliationDispatcher does for an SSA status patch. */
  private GenericKubernetesResource patchStatusLikeJosdk(GenericKubernetesResource resource) {
    resource.getMetadata().setManagedFields(null);
    return instances
        .inNamespace(NAMESPACE)
        .resource(resource)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withFieldManager("ams-operator")
                .withForce(true)
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .build());
  }
}
