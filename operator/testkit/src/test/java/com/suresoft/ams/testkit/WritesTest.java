package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Non-apply writes: merge patch, JSON patch, PUT, subresources, generation, deletion. */
class WritesTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GenericKubernetesResource mergePatchConfigMap(String name, String patch) {
    return client
        .genericKubernetesResources("v1", "ConfigMap")
        .inNamespace(NAMESPACE)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  @Test
  void mergePatchFollowsRfc7386() {
    client
        .genericKubernetesResources("v1", "ConfigMap")
        .inNamespace(NAMESPACE)
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
                        + "\"labels\":{\"a\":\"1\",\"b\":\"2\"},\"finalizers\":[\"x\",\"y\"]}}",
                    GenericKubernetesResource.class))
        .create();

    GenericKubernetesResource patched =
        mergePatchConfigMap(
            "c", "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"},\"finalizers\":[\"z\"]}}");

    assertThat(patched.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("b", "2", "c", "3"));
    assertThat(patched.getMetadata().getFinalizers()).containsExactly("z");
    assertThat(patched.getMetadata().getLabels()).doesNotContainKey("a");
  }

  @Test
  void jsonPatchWorks() {
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.configMap("c", Map.of("a", "1")))
        .create();

    ConfigMap edited =
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .withName("c")
            .edit(
                cm -> {
                  cm.getData().put("b", "2");
                  cm.getData().remove("a");
                  return cm;
                });

    assertThat(edited.getData()).containsExactlyEntriesOf(Map.of("b", "2"));
    assertThat(server.requestLog().requests())
        .filteredOn(r -> r.method().equals("PATCH"))
        .singleElement()
        .satisfies(r -> assertThat(r.contentType()).startsWith("application/json-patch+json"));
  }

  @Test
  void generationMovesOnlyWhenSomethingOutsideMetadataAndStatusChanges() {
    Deployment created =
        client
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .resource(Fixtures.deployment("web", 1))
            .create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    Deployment labelled = Fixtures.label(client, "web", "tier", "front");
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(labelled.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());

    labelled.setStatus(new DeploymentStatusBuilder().withReplicas(1).build());
    Deployment withStatus = client.resource(labelled).updateStatus();
    assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(withStatus.getStatus().getReplicas()).isEqualTo(1);

    Deployment scaledBySpec =
        client
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withName("web")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
    assertThat(scaledBySpec.getMetadata().getGeneration()).isEqualTo(2L);

    Deployment replaced = client.resource(scaledBySpec).update();
    assertThat(replaced.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(replaced.getMetadata().getResourceVersion())
        .as("a PUT of the unchanged object is a no-op")
        .isEqualTo(scaledBySpec.getMetadata().getResourceVersion());
  }

  @Test
  void writesToTheMainResourceDoNotTouchStatusAndStatusWritesDoNotTouchSpec() {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.deployment("web", 1))
        .create();
    Deployment current = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
    current.setStatus(new DeploymentStatusBuilder().withReplicas(1).build());
    client.resource(current).updateStatus();

    Deployment fresh = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
    fresh.setStatus(new DeploymentStatusBuilder().withReplicas(99).build());
    fresh.getSpec().setReplicas(4);
    Deployment replaced = client.resource(fresh).update();
    assertThat(replaced.getStatus().getReplicas()).isEqualTo(1);
    assertThat(replaced.getSpec().getReplicas()).isEqualTo(4);

    replaced.getSpec().setReplicas(7);
    replaced.setStatus(new DeploymentStatusBuilder().withReplicas(4).build());
    Deployment statusWritten = client.resource(replaced).updateStatus();
    assertThat(statusWritten.getSpec().getReplicas()).isEqualTo(4);
    assertThat(statusWritten.getStatus().getReplicas()).isEqualTo(4);
  }

  @Test
  void scaleSubresourceReadsAndWritesReplicas() {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.deployment("web", 1))
        .create();

    Deployment scaled = client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale(3);
    Scale scale = client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale();

    assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(scale.getSpec().getReplicas()).isEqualTo(3);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app.kubernetes.io/name=web");
    assertThat(scaled.getMetadata().getManagedFields())
        .anySatisfy(e -> assertThat(e.getSubresource()).isEqualTo("scale"));
  }

  @Test
  void deletingAnObjectWithAFinalizerWaitsUntilTheFinalizerIsRemoved() {
    ConfigMap withFinalizer = Fixtures.configMap("c", Map.of());
    withFinalizer.getMetadata().setFinalizers(List.of("ams.suresoft.com/finalizer"));
    client.configMaps().inNamespace(NAMESPACE).resource(withFinalizer).create();

    client.configMaps().inNamespace(NAMESPACE).withName("c").delete();
    ConfigMap terminating = client.configMaps().inNamespace(NAMESPACE).withName("c").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();

    mergePatchConfigMap("c", "{\"metadata\":{\"finalizers\":null}}");
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("c").get()).isNull();
  }

  @Test
  void strategicMergePatchIsRefusedRatherThanApproximated() {
    client.configMaps().inNamespace(NAMESPACE).resource(Fixtures.configMap("c", Map.of())).create();

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(NAMESPACE)
                    .withName("c")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"a\":\"1\"}}"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(415));
  }

  @Test
  void creatingAnExistingObjectIsAConflictAndReplacingAMissingOneIsNotFound() {
    client.configMaps().inNamespace(NAMESPACE).resource(Fixtures.configMap("c", Map.of())).create();

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(NAMESPACE)
                    .resource(Fixtures.configMap("c", Map.of()))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(NAMESPACE)
                    .resource(Fixtures.configMap("missing", Map.of()))
                    .update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void aSecretsStringDataIsFoldedIntoDataAsOnARealServer() {
    Secret applied =
        client
            .secrets()
            .inNamespace(NAMESPACE)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("s")
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .addToStringData("password", "hunter2")
                    .build())
            .fieldManager("ams-operator")
            .serverSideApply();

    assertThat(applied.getStringData()).isNullOrEmpty();
    assertThat(applied.getData()).containsEntry("password", "aHVudGVyMg==");
  }
}
