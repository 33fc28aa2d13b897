package com.suresoft.ams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityCanonicalizationTest {

  private EmbeddedApiServer server;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1000m, 1",
    "0.5, 500m",
    "1.5, 1500m",
    "1500, 1500",
    "2000, 2k",
    "1024Mi, 1Gi",
    "2000Mi, 2000Mi",
    "1536Mi, 1536Mi",
    "1.5Gi, 1536Mi",
    "0.5Ki, 512",
    "1e3, 1e3",
    "1.5e3, 1500",
    "1E, 1E",
    "0.1m, 100u",
    "0.0000000001, 1n",
    "0Gi, 0",
    "+1k, 1k",
    "-1000m, -1",
    "100M, 100M",
    "1000M, 1G",
  })
  void quantitiesTakeTheirCanonicalForm(String written, String stored) {
    assertThat(CanonicalQuantity.of(written)).isEqualTo(stored);
  }

  @Test
  void notAQuantityIsNoQuantity() {
    assertThatThrownBy(() -> CanonicalQuantity.of("lots"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalQuantity.of("1Qi"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeploymentsResourcesAreStoredCanonical() {
    KubernetesClient client = server.client();
    var deployment = Fixtures.deployment("web", 1);
    var resources =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    resources.getRequests().put("cpu", new Quantity("1000m"));
    resources.getRequests().put("memory", new Quantity("1024Mi"));
    resources.getLimits().put("cpu", new Quantity("0.5"));

    client.resource(deployment).create();

    var stored = client.apps().deployments().inNamespace(Fixtures.NAMESPACE).withName("web").get();
    var storedResources =
        stored.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    assertThat(storedResources.getRequests().get("cpu").toString()).isEqualTo("1");
    assertThat(storedResources.getRequests().get("memory").toString()).isEqualTo("1Gi");
    assertThat(storedResources.getLimits().get("cpu").toString()).isEqualTo("500m");
  }

  @Test
  void aClaimsRequestIsStoredCanonical() {
    KubernetesClient client = server.client();
    client.resource(Fixtures.claim("data", "2048Mi")).create();

    var claims = client.persistentVolumeClaims().inNamespace(Fixtures.NAMESPACE);
    assertThat(claims.withName("data").get().getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("2Gi"));
    assertThat(
            claims
                .withName("data")
                .get()
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("2Gi");
  }

  @Test
  void aPatchedQuantityIsStoredCanonicalToo() {
    client().resource(Fixtures.deployment("web", 1)).create();

    client()
        .apps()
        .deployments()
        .inNamespace(Fixtures.NAMESPACE)
        .withName("web")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/resources/limits\","
                + "\"value\":{\"memory\":\"3072Mi\",\"cpu\":\"1.5\"}}]");

    var limits =
        client()
            .apps()
            .deployments()
            .inNamespace(Fixtures.NAMESPACE)
            .withName("web")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources()
            .getLimits();
    assertThat(limits.get("memory").toString()).isEqualTo("3Gi");
    assertThat(limits.get("cpu").toString()).isEqualTo("1500m");
  }

  private KubernetesClient client() {
    return server.client();
  }

  @Test
  void anAutoscalersTargetsAndAQuotasLimitsAreStoredCanonical() {
    KubernetesClient client = server.client();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("api")
                .withNamespace(Fixtures.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef("apps/v1", "Deployment", "api")
                .withMaxReplicas(3)
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("memory")
                .withNewTarget()
                .withType("AverageValue")
                .withAverageValue(new Quantity("1024Mi"))
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("quota")
                .withNamespace(Fixtures.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .addToHard("requests.cpu", new Quantity("4000m"))
                .endSpec()
                .build())
        .create();

    var hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(Fixtures.NAMESPACE)
            .withName("api")
            .get();
    assertThat(
            hpa.getSpec()
                .getMetrics()
                .get(0)
                .getResource()
                .getTarget()
                .getAverageValue()
                .toString())
        .isEqualTo("1Gi");
    var quota = client.resourceQuotas().inNamespace(Fixtures.NAMESPACE).withName("quota").get();
    assertThat(quota.getSpec().getHard().get("requests.cpu").toString()).isEqualTo("4");
  }

  @Test
  void aValueThatIsNoQuantityIsRefusedWith422() {
    var claim = Fixtures.claim("data", "1Gi");
    claim.getSpec().getResources().getRequests().put("storage", new Quantity("lots"));

    assertThatThrownBy(() -> server.client().resource(claim).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("spec.resources.requests.storage");
            });
  }
}
