package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand edits of fields the operator owns, and deleted children, are put back. */
class DriftIT {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private void mergePatch(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type, String name, String json) {
    harness
        .user()
        .resources(type)
        .inNamespace("ams")
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  @Test
  void handEditedImageIsPutBack() {
    harness
        .user()
        .apps()
        .deployments()
        .inNamespace("ams")
        .withName("ams-api-blue")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("evil/image:latest");
              return d;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        harness
                            .get(Deployment.class, "ams-api-blue")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .isEqualTo("ghcr.io/suresoft/ams-api:1.0.0"));
  }

  @Test
  void handEditedSelectorIsPutBackButForeignAnnotationsSurvive() {
    mergePatch(
        Service.class,
        "ams-api-service",
        "{\"metadata\":{\"annotations\":{\"team\":\"platform\"}},\"spec\":{\"selector\":{\"ams.suresoft.com/slot\":\"green\"}}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(harness.get(Service.class, "ams-api-service").getSpec().getSelector())
                    .containsEntry("ams.suresoft.com/slot", "blue"));
    assertThat(harness.get(Service.class, "ams-api-service").getMetadata().getAnnotations())
        .containsEntry("team", "platform");
  }

  /**
   * A label on a kind whose status a controller writes: the operator tells such objects' changes by
   * their generation, which a label edit does not raise, so this checks labels count too.
   */
  @Test
  void handEditedLabelOfAStatefulSetIsPutBack() {
    mergePatch(
        StatefulSet.class,
        "ams-postgres",
        "{\"metadata\":{\"labels\":{\"app.kubernetes.io/version\":\"hand-edited\"}}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(harness.get(StatefulSet.class, "ams-postgres").getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/version", "1.0.0"));
  }

  @Test
  void deletedChildrenAreRecreated() {
    harness.user().services().inNamespace("ams").withName("ams-web-service").delete();
    harness.user().network().v1().ingresses().inNamespace("ams").withName("ams-ingress").delete();
    harness.user().apps().deployments().inNamespace("ams").withName("ams-worker-blue").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(harness.get(Service.class, "ams-web-service")).isNotNull();
              assertThat(harness.get(Ingress.class, "ams-ingress")).isNotNull();
              assertThat(harness.get(Deployment.class, "ams-worker-blue")).isNotNull();
            });
    harness.awaitPhase("ams", Phase.Ready);
  }

  @Test
  void disablingTheIngressDeletesIt() {
    harness.edit(
        "ams",
        i -> {
          i.getSpec().getIngress().setEnabled(false);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> harness.get(Ingress.class, "ams-ingress") == null);
    assertThat(harness.awaitPhase("ams", Phase.Ready).getStatus().getUrl()).isNull();
  }
}
