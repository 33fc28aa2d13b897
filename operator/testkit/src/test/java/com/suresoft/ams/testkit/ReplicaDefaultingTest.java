package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server defaults a missing {@code spec.replicas} of Deployments and StatefulSets to 1,
 * including when server-side apply removes the field because its only owner stopped applying it.
 */
class ReplicaDefaultingTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client("test");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aDeploymentCreatedWithoutReplicasGetsOneOwnedByNobody() {
    Deployment created = client.resource(Fixtures.deployment("web", null)).create();

    assertThat(created.getSpec().getReplicas()).isEqualTo(1);
    assertThat(get("web").getSpec().getReplicas()).isEqualTo(1);
    assertThat(fieldsOfSpec(get("web"), "test", "Update")).doesNotContainKey("f:replicas");
  }

  @Test
  void aDeploymentAppliedWithoutReplicasGetsOne() {
    assertThat(apply("ams-operator", Fixtures.deployment("web", null)).getSpec().getReplicas())
        .isEqualTo(1);
  }

  @Test
  void aStatefulSetCreatedWithoutReplicasGetsOne() {
    client
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withServiceName("db")
                .endSpec()
                .build())
        .create();

    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName("db").get())
        .satisfies(s -> assertThat(s.getSpec().getReplicas()).isEqualTo(1));
  }

  @Test
  void replicasDroppedByTheirOnlyApplyingOwnerAreRemovedAndDefaultedToOne() {
    apply("ams-operator", Fixtures.deployment("web", 6));

    Deployment after = apply("ams-operator", Fixtures.deployment("web", null));

    assertThat(after.getSpec().getReplicas()).isEqualTo(1);
    assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(fieldsOfSpec(after, "ams-operator", "Apply")).doesNotContainKey("f:replicas");
  }

  @Test
  void replicasCoOwnedByAnotherApplyingManagerSurviveTheDrop() {
    apply("ams-operator", Fixtures.deployment("web", 6));
    apply("ams-operator-replica-handover", replicasOnly("web", 6));

    Deployment after = apply("ams-operator", Fixtures.deployment("web", null));

    assertThat(after.getSpec().getReplicas()).isEqualTo(6);
  }

  @Test
  void replicasAnAutoscalerWroteSurviveTheDrop() {
    apply("ams-operator", Fixtures.deployment("web", 6));
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("web")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(ControllerSimulator.HPA_ACTOR)
                .build(),
            "{\"spec\":{\"replicas\":7}}");

    Deployment after = apply("ams-operator", Fixtures.deployment("web", null));

    assertThat(after.getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void aMergePatchRemovingReplicasLeavesOne() {
    client.resource(Fixtures.deployment("web", 4)).create();

    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("web")
        .patch(
            new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(),
            "{\"spec\":{\"replicas\":null}}");

    assertThat(get("web").getSpec().getReplicas()).isEqualTo(1);
  }

  private Deployment apply(String manager, Deployment deployment) {
    return client.resource(deployment).fieldManager(manager).forceConflicts().serverSideApply();
  }

  /** Only {@code spec.replicas}, as a second manager applies it to co-own the field. */
  private static Deployment replicasOnly(String name, int replicas) {
    Deployment d = new Deployment();
    d.setMetadata(Fixtures.deployment(name, null).getMetadata());
    d.getMetadata().setLabels(null);
    d.setSpec(new io.fabric8.kubernetes.api.model.apps.DeploymentSpec());
    d.getSpec().setReplicas(replicas);
    return d;
  }

  private Deployment get(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fieldsOfSpec(
      Deployment deployment, String manager, String operation) {
    return (Map<String, Object>)
        ServerSideApplyTest.fieldsOf(deployment, manager, operation).get("f:spec");
  }
}
