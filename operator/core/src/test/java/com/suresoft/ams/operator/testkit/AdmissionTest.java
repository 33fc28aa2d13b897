package com.suresoft.ams.operator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import com.suresoft.ams.testkit.Fixtures;
import com.suresoft.ams.testkit.StorageClasses;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the double refuses, and how, like a real API server's validation and admission. */
class AdmissionTest {

  private static final String NS = Fixtures.NAMESPACE;

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

  @Test
  void aJobsTemplateCannotChangeWhicheverWayItIsWritten() {
    client.resource(job("migrate", "app:1")).create();
    var jobs = client.batch().v1().jobs().inNamespace(NS);

    assertInvalid(() -> jobs.resource(job("migrate", "app:2")).update(), "spec.template");
    assertInvalid(
        () ->
            jobs.resource(job("migrate", "app:2"))
                .fieldManager("test")
                .forceConflicts()
                .serverSideApply(),
        "spec.template");
    assertInvalid(
        () ->
            jobs.withName("migrate")
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"v\":\"2\"}}}}}"),
        "spec.template");
    assertInvalid(
        () ->
            jobs.withName("migrate")
                .patch(
                    PatchContext.of(PatchType.JSON),
                    "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\","
                        + "\"value\":\"app:3\"}]"),
        "spec.template");
    assertThat(jobs.withName("migrate").get().getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage())
        .containsExactly("app:1");
  }

  @Test
  void aJobsOtherFieldsAndStatusStillChange() {
    client.resource(job("migrate", "app:1")).create();
    var jobs = client.batch().v1().jobs().inNamespace(NS);

    jobs.withName("migrate")
        .edit(
            j -> {
              j.getMetadata().setLabels(Map.of("kept", "yes"));
              j.getSpec().setActiveDeadlineSeconds(60L);
              return j;
            });

    assertThat(jobs.withName("migrate").get().getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
  }

  @Test
  void aStatefulSetsClaimTemplatesServiceNameAndSelectorAreFixedButItsReplicasAreNot() {
    var set =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("redis")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withServiceName("redis")
            .withNewSelector()
            .addToMatchLabels("app", "redis")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "redis")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("redis")
            .withImage("redis:7")
            .endContainer()
            .endSpec()
            .endTemplate()
            .addToVolumeClaimTemplates(Fixtures.claim("data", "1Gi"))
            .endSpec()
            .build();
    client.resource(set).create();
    var sets = client.apps().statefulSets().inNamespace(NS);

    sets.withName("redis")
        .edit(
            s -> {
              s.getSpec().setReplicas(3);
              return s;
            });
    assertThat(sets.withName("redis").get().getSpec().getReplicas()).isEqualTo(3);

    assertInvalid(
        () ->
            sets.withName("redis")
                .edit(
                    s -> {
                      s.getSpec()
                          .getVolumeClaimTemplates()
                          .get(0)
                          .getSpec()
                          .getResources()
                          .getRequests()
                          .put("storage", new Quantity("2Gi"));
                      return s;
                    }),
        "spec");
    assertInvalid(
        () ->
            sets.withName("redis")
                .edit(
                    s -> {
                      s.getSpec().setServiceName("other");
                      return s;
                    }),
        "spec");
  }

  @Test
  void aDeploymentsSelectorIsFixed() {
    client.resource(Fixtures.deployment("web", 1)).create();

    assertInvalid(
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .edit(
                    d -> {
                      d.getSpec().getSelector().getMatchLabels().put("track", "stable");
                      return d;
                    }),
        "spec.selector");
  }

  @Test
  void aServiceKeepsItsClusterIpWhenAnUpdateLeavesItOutAndRefusesANewOne() {
    var services = client.services().inNamespace(NS);
    services.resource(service("db", "10.96.0.10")).create();

    services.resource(service("db", null)).update();
    assertThat(services.withName("db").get().getSpec().getClusterIP()).isEqualTo("10.96.0.10");

    assertInvalid(() -> services.resource(service("db", "10.96.0.11")).update(), "spec.clusterIP");
  }

  @Test
  void aClaimGrowsOnlyIfItsClassAllowsExpansionAndNeverShrinks() {
    storageClass("fixed", false, false);
    storageClass("growable", true, false);
    var claims = client.persistentVolumeClaims().inNamespace(NS);
    claims.resource(boundClaim("a", "fixed", "2Gi")).create();
    claims.resource(boundClaim("b", "growable", "2Gi")).create();
    bind("a");
    bind("b");

    assertThatThrownBy(() -> resize("a", "3Gi"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
              assertThat(e.getMessage())
                  .contains("storageclass that provisions the pvc must support resize");
            });
    resize("b", "3Gi");
    assertThat(claims.withName("b").get().getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("3Gi"));

    assertThatThrownBy(() -> resize("b", "1Gi"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains(
                      "spec.resources.requests.storage: Forbidden: field can not be less than"
                          + " previous value");
            });
    assertInvalid(
        () ->
            claims
                .withName("b")
                .edit(
                    c -> {
                      c.getSpec().setStorageClassName("fixed");
                      return c;
                    }),
        "spec");
  }

  @Test
  void aClaimWithoutAClassGetsTheDefaultClass() {
    storageClass("standard", false, true);
    var claim = Fixtures.claim("data", "1Gi");

    client.resource(claim).create();

    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(NS)
                .withName("data")
                .get()
                .getSpec()
                .getStorageClassName())
        .isEqualTo("standard");
  }

  @Test
  void anAmsInstanceThatBreaksTheCrdsSchemaOrCelRulesIsRefusedNamingTheFields() {
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    var instances = client.genericKubernetesResources(Fixtures.AMS_INSTANCES).inNamespace(NS);

    assertThatThrownBy(
            () ->
                instances
                    .resource(
                        instance(
                            Map.of(
                                "tier",
                                "Production",
                                "version",
                                "1.0.0",
                                "web",
                                Map.of("replicas", -1))))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getDetails().getKind()).isEqualTo("AmsInstance");
              assertThat(e.getStatus().getDetails().getCauses())
                  .extracting(c -> c.getField())
                  .contains("spec.web.replicas");
              assertThat(e.getMessage())
                  .contains("AmsInstance.ams.suresoft.com \"ams\" is invalid");
            });
    assertThat(instances.withName("ams").get()).isNull();
  }

  @Test
  void anAmsInstanceSpecUpdateIsValidatedButItsStatusIsNot() {
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    var instances = client.genericKubernetesResources(Fixtures.AMS_INSTANCES).inNamespace(NS);
    instances.resource(instance(Map.of("tier", "Production", "version", "1.0.0"))).create();

    assertInvalid(
        () ->
            instances
                .withName("ams")
                .edit(
                    i -> {
                      i.setAdditionalProperty(
                          "spec", Map.of("tier", "Gigantic", "version", "1.0.0"));
                      return i;
                    }),
        "spec.tier");

    var withStatus = instances.withName("ams").get();
    withStatus.setAdditionalProperty("status", Map.of("phase", "Ready"));
    instances.resource(withStatus).updateStatus();
    assertThat(instances.withName("ams").get().getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Ready"));
  }

  @Test
  void aCrdWithoutASchemaChecksNothing() {
    server.installCrd(Fixtures.amsInstanceCrd());

    client
        .genericKubernetesResources(Fixtures.AMS_INSTANCES)
        .inNamespace(NS)
        .resource(instance(Map.of("tier", "Gigantic")))
        .create();

    assertThat(
            client
                .genericKubernetesResources(Fixtures.AMS_INSTANCES)
                .inNamespace(NS)
                .withName("ams")
                .get())
        .isNotNull();
  }

  private static void assertInvalid(ThrowingCallable write, String field) {
    assertThatThrownBy(write)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getDetails().getCauses())
                  .extracting(c -> c.getField())
                  .contains(field);
            });
  }

  private static GenericKubernetesResource instance(Map<String, Object> spec) {
    return Fixtures.amsInstance("ams", spec);
  }

  private static Job job(String name, String image) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("job")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Service service(String name, String clusterIp) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withClusterIP(clusterIp)
        .addToSelector("app", name)
        .addNewPort()
        .withPort(5432)
        .endPort()
        .endSpec()
        .build();
  }

  private void storageClass(String name, boolean expandable, boolean isDefault) {
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(StorageClasses.DEFAULT_ANNOTATION, String.valueOf(isDefault))
                .endMetadata()
                .withProvisioner("example.com/disk")
                .withAllowVolumeExpansion(expandable)
                .build())
        .create();
  }

  private static PersistentVolumeClaim boundClaim(String name, String className, String size) {
    var claim = Fixtures.claim(name, size);
    claim.getSpec().setStorageClassName(className);
    return claim;
  }

  /** What the binder does; the double's own binder is tested in the controller simulator. */
  private void bind(String name) {
    var claim = client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
    claim.setStatus(
        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
            .withPhase("Bound")
            .withCapacity(claim.getSpec().getResources().getRequests())
            .build());
    client.resource(claim).updateStatus();
  }

  private void resize(String name, String size) {
    client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .withName(name)
        .edit(
            c -> {
              c.getSpec().getResources().getRequests().put("storage", new Quantity(size));
              return c;
            });
  }
}
