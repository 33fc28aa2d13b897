package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tiny JOSDK operator (SSA dependent Deployment, SSA status patch) against the double and the
 * simulator: proves the production code path runs, and that a settled operator makes no writes.
 */
class JosdkOperatorOnEmbeddedServerTest {

  static final String OPERATOR = "ams-operator";

  private EmbeddedApiServer server;
  private ControllerSimulator simulator;
  private Operator operator;
  private final SmokeReconciler reconciler = new SmokeReconciler();

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    server.installCrd(
        Fixtures.minimalCrd("smoke.embedded.ams.suresoft.com", "v1", "SmokeApp", "smokeapps"));
    simulator = ControllerSimulator.start(server);
    operator = new Operator(o -> o.withKubernetesClient(server.client(OPERATOR)));
    operator.register(reconciler);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    simulator.close();
    server.close();
  }

  @Test
  void theOperatorConvergesAndThenForcedReconcilesWriteNothing() {
    KubernetesClient client = server.client("test");
    SmokeApp app = new SmokeApp();
    app.setMetadata(new ObjectMetaBuilder().withName("smoke").withNamespace(NAMESPACE).build());
    app.setSpec(new SmokeSpec());
    app.getSpec().setReplicas(2);
    client.resource(app).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              SmokeApp live =
                  client.resources(SmokeApp.class).inNamespace(NAMESPACE).withName("smoke").get();
              return live.getStatus() != null
                  && Integer.valueOf(2).equals(live.getStatus().getReadyReplicas());
            });
    Deployment deployment =
        client.apps().deployments().inNamespace(NAMESPACE).withName("smoke").get();
    assertThat(deployment.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(deployment.getMetadata().getManagedFields())
        .anySatisfy(e -> assertThat(e.getManager()).isEqualTo(OPERATOR));
    simulator.awaitIdle();
    assertThat(server.requestLog().writesSince(0, OPERATOR::equals))
        .as("the operator uses server-side apply for the dependent and for status")
        .filteredOn(r -> "application/apply-patch+yaml".equals(r.contentType()))
        .extracting(ApiRequest::path)
        .contains(
            "/apis/apps/v1/namespaces/default/deployments/smoke",
            "/apis/smoke.embedded.ams.suresoft.com/v1/namespaces/default/smokeapps/smoke/status");

    long mark = server.requestLog().mark();
    int reconcilesBefore = reconciler.reconciles.get();
    for (int i = 0; i < 20; i++) {
      int expected = reconcilesBefore + i + 1;
      // Someone else touching the dependent makes JOSDK reconcile the primary.
      client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .withName("smoke")
          .edit(
              d -> {
                d.getMetadata().getAnnotations().put("touched", String.valueOf(expected));
                return d;
              });
      await().until(() -> reconciler.reconciles.get() >= expected);
    }
    simulator.awaitIdle();

    assertThat(server.requestLog().writesSince(mark, OPERATOR::equals)).isEmpty();
  }

  @Group("smoke.embedded.ams.suresoft.com")
  @Version("v1")
  public static class SmokeApp extends CustomResource<SmokeSpec, SmokeStatus>
      implements Namespaced {}

  public static class SmokeSpec {
    private Integer replicas;

    public Integer getReplicas() {
      return replicas;
    }

    public void setReplicas(Integer replicas) {
      this.replicas = replicas;
    }
  }

  public static class SmokeStatus {
    private Integer readyReplicas;

    public Integer getReadyReplicas() {
      return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
      this.readyReplicas = readyReplicas;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SmokeStatus other && Objects.equals(readyReplicas, other.readyReplicas);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(readyReplicas);
    }
  }

  public static class SmokeDeployment
      extends CRUDKubernetesDependentResource<Deployment, SmokeApp> {
    public SmokeDeployment() {
      super(Deployment.class);
    }

    @Override
    protected Deployment desired(SmokeApp app, Context<SmokeApp> context) {
      return Fixtures.deployment(app.getMetadata().getName(), app.getSpec().getReplicas());
    }
  }

  @Workflow(dependents = @Dependent(type = SmokeDeployment.class))
  @ControllerConfiguration(name = "smoke", fieldManager = OPERATOR)
  public static class SmokeReconciler implements Reconciler<SmokeApp> {
    final AtomicInteger reconciles = new AtomicInteger();

    @Override
    public UpdateControl<SmokeApp> reconcile(SmokeApp app, Context<SmokeApp> context) {
      reconciles.incrementAndGet();
      SmokeStatus wanted = new SmokeStatus();
      wanted.setReadyReplicas(
          context
              .getSecondaryResource(Deployment.class)
              .map(d -> d.getStatus() == null ? null : d.getStatus().getReadyReplicas())
              .orElse(null));
      if (wanted.equals(app.getStatus())) {
        return UpdateControl.noUpdate();
      }
      SmokeApp patch = new SmokeApp();
      patch.setMetadata(
          new ObjectMetaBuilder()
              .withName(app.getMetadata().getName())
              .withNamespace(app.getMetadata().getNamespace())
              .build());
      patch.setStatus(wanted);
      return UpdateControl.patchStatus(patch);
    }
  }
}
