package com.suresoft.ams.operator.controller.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handover against the embedded API server, which removes a field its only applying owner drops
 * and then defaults {@code spec.replicas} to 1, as a real one does.
 */
class ReplicaHandoverTest {

  private static final String OPERATOR = "ams-operator";
  private static final String NAMESPACE = "ams";
  private static final ResourceNames NAMES = new ResourceNames("ams");
  private static final String API_BLUE = NAMES.deployment(Component.API, Slot.blue);

  /** The HPA owns the API's replicas from now on: the operator's apply leaves them out. */
  private static final AppTierPlan HPA_OWNS_REPLICAS =
      new AppTierPlan(Slot.blue, List.of(new SlotPlan(Component.API, Slot.blue, "1.0.0", null)));

  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client(OPERATOR);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void withoutTheHandoverDroppingOperatorOwnedReplicasResetsTheDeploymentToOne() {
    applyAsOperator(6);

    applyAsOperator(null);

    assertThat(replicas()).isEqualTo(1);
  }

  @Test
  void theHandoverKeepsTheCountWhenTheOperatorDropsIt() {
    applyAsOperator(6);

    int writes =
        ReplicaHandover.prepare(client, OPERATOR, NAMES, HPA_OWNS_REPLICAS, List.of(current()));
    applyAsOperator(null);

    assertThat(writes).isEqualTo(1);
    assertThat(replicas()).isEqualTo(6);
    // Handed over: the operator no longer owns the field, so there is nothing more to do.
    assertThat(
            ReplicaHandover.prepare(client, OPERATOR, NAMES, HPA_OWNS_REPLICAS, List.of(current())))
        .isZero();
  }

  @Test
  void aSlotWhoseReplicasTheOperatorKeepsSettingIsNotHandedOver() {
    applyAsOperator(6);
    var operatorOwns =
        new AppTierPlan(Slot.blue, List.of(new SlotPlan(Component.API, Slot.blue, "1.0.0", 6)));

    assertThat(ReplicaHandover.prepare(client, OPERATOR, NAMES, operatorOwns, List.of(current())))
        .isZero();
    assertThat(current().getMetadata().getManagedFields())
        .noneSatisfy(e -> assertThat(e.getManager()).isEqualTo(ReplicaHandover.FIELD_MANAGER));
  }

  private void applyAsOperator(Integer replicas) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(API_BLUE)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", "api")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "api")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("api")
            .withImage("ghcr.io/suresoft/ams-api:1.0.0")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(d).fieldManager(OPERATOR).forceConflicts().serverSideApply();
  }

  private Deployment current() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(API_BLUE).get();
  }

  private int replicas() {
    return current().getSpec().getReplicas();
  }
}
