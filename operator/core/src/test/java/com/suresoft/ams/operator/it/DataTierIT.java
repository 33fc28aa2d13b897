package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data tier with the real operator wiring against the in-process API server double and the
 * controller simulator ({@link OperatorHarness}): the app waits for the data tier, External and
 * CloudNativePG modes with and without what they need, deletion keeps the claims, a shrink is
 * refused, a growth is applied (unless the StorageClass forbids it), the -ro Service's endpoints
 * follow the replicas' readiness.
 */
class DataTierIT {
  private static final String NS = "ams";
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final ResourceDefinitionContext CNPG_CLUSTER =
      new ResourceDefinitionContext.Builder()
          .withGroup("postgresql.cnpg.io")
          .withVersion("v1")
          .withKind("Cluster")
          .withPlural("clusters")
          .withNamespaced(true)
          .build();
  private static final ResourceDefinitionContext CNPG_POOLER =
      new ResourceDefinitionContext.Builder()
          .withGroup("postgresql.cnpg.io")
          .withVersion("v1")
          .withKind("Pooler")
          .withPlural("poolers")
          .withNamespaced(true)
          .build();

  private OperatorHarness harness;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    client = harness.user();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private AmsInstance create(String spec) {
    return harness.create(TestInstances.withSpec("ams", spec));
  }

  private AmsInstance live() {
    return client.resources(AmsInstance.class).inNamespace(NS).withName("ams").get();
  }

  private Optional<Condition> condition(String type) {
    var i = live();
    if (i == null || i.getStatus() == null || i.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return i.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private boolean conditionIs(String type, String status, String reason) {
    return condition(type)
        .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }

  private boolean appDeploymentExists() {
    return client.apps().deployments().inNamespace(NS).withName("ams-api-blue").get() != null;
  }

  private static final String DEV = "tier: Development\nversion: \"1.0.0\"\n";

  @Test
  void theAppTierWaitsUntilThePostgresStatefulSetIsReady() {
    harness.simulator().holdUnready(ControllerSimulator.STATEFUL_SET, NS, "ams-postgres");
    create(DEV);

    // Redis and MinIO come up; PostgreSQL is held back, and the condition names it alone.
    await()
        .atMost(WAIT)
        .until(
            () ->
                conditionIs("DataReady", "False", "WaitingForDataTier")
                    && condition("DataReady")
                        .orElseThrow()
                        .getMessage()
                        .equals("waiting for postgres 0/1"));
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("ams-redis").get())
        .isNotNull();
    assertThat(live().getStatus().getComponents().get("postgres").getReady()).isEqualTo("0/1");
    // The data tier is reconciled, the app tier is not even created.
    harness.simulator().awaitIdle();
    assertThat(appDeploymentExists()).isFalse();

    harness.simulator().release(ControllerSimulator.STATEFUL_SET, NS, "ams-postgres");
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));
    assertThat(appDeploymentExists()).isTrue();
    assertThat(live().getStatus().getComponents().get("postgres").getReady()).isEqualTo("1/1");
    assertThat(conditionIs("DataReady", "True", "DataTierReady")).isTrue();
  }

  @Test
  void externalDatabaseWaitsForTheUsersSecretThenStarts() {
    create(DEV + "database:\n  mode: External\n  externalSecretName: my-db\n");

    await().atMost(WAIT).until(() -> conditionIs("Ready", "False", "ExternalSecretMissing"));
    assertThat(condition("Ready").orElseThrow().getMessage())
        .contains("Secret my-db (spec.database.externalSecretName) not found");
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("ams-postgres").get())
        .isNull();
    harness.simulator().awaitIdle();
    assertThat(appDeploymentExists()).isFalse();

    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("my-db")
                .withNamespace(NS)
                .endMetadata()
                .addToStringData("database-url", "postgresql://u:p@db.example:5432/ams")
                .build())
        .create();
    // Nothing watches the user's Secret: the operator looks again while it is missing
    // (ReferencedSecrets.MISSING_RECHECK), well before a resync.
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));
    var api = client.apps().deployments().inNamespace(NS).withName("ams-api-blue").get();
    var db =
        api.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals("DATABASE_URL"))
            .findFirst()
            .orElseThrow();
    assertThat(db.getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-db");
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("ams-postgres").get())
        .isNull();
  }

  @Test
  void cloudNativePgWithoutItsCrdSaysSoAndTheRestStillRuns() {
    create(DEV + "database:\n  mode: CloudNativePG\n");

    await()
        .atMost(WAIT)
        .until(() -> conditionIs("DataReady", "False", "CloudNativePGNotInstalled"));
    assertThat(condition("Ready").orElseThrow().getReason()).isEqualTo("CloudNativePGNotInstalled");
    // Everything that does not need CNPG is there.
    await()
        .atMost(WAIT)
        .until(
            () -> client.apps().statefulSets().inNamespace(NS).withName("ams-redis").get() != null);
    assertThat(client.secrets().inNamespace(NS).withName("ams-secrets").get()).isNotNull();
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("ams-postgres").get())
        .isNull();
    assertThat(appDeploymentExists()).isFalse();
  }

  @Test
  void cloudNativePgWithItsCrdGetsAClusterAndPoolerAndTheAppStartsOnceItIsReady() {
    harness.server().installCrd(crd("Cluster", "clusters"));
    harness.server().installCrd(crd("Pooler", "poolers"));
    create(DEV + "database:\n  mode: CloudNativePG\n  pooler:\n    enabled: true\n");

    await().atMost(WAIT).until(() -> cnpg(CNPG_CLUSTER, "ams-postgres") != null);
    var cluster = cnpg(CNPG_CLUSTER, "ams-postgres");
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("instances", 1);
    // Kept with the data: no owner reference, so deleting the instance never deletes the cluster.
    assertThat(cluster.getMetadata().getOwnerReferences()).isNullOrEmpty();
    await().atMost(WAIT).until(() -> cnpg(CNPG_POOLER, "ams-pgbouncer") != null);
    assertThat(appDeploymentExists()).isFalse();

    // CNPG brings the cluster up and writes its app Secret.
    cluster.getAdditionalProperties().put("status", Map.of("readyInstances", 1));
    client
        .genericKubernetesResources(CNPG_CLUSTER)
        .inNamespace(NS)
        .resource(cluster)
        .updateStatus();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("ams-postgres-app")
                .withNamespace(NS)
                .endMetadata()
                .addToStringData("uri", "postgresql://ams:x@ams-postgres-rw:5432/ams")
                .addToStringData("username", "ams")
                .addToStringData("password", "x")
                .build())
        .create();
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));
    assertThat(live().getStatus().getComponents().get("postgres").getReady()).isEqualTo("1/1");

    // The pooler switched off is deleted; the Cluster, which holds the data, stays.
    harness.edit(
        "ams",
        i -> {
          i.getSpec().getDatabase().getPooler().setEnabled(false);
          return i;
        });
    await().atMost(WAIT).until(() -> cnpg(CNPG_POOLER, "ams-pgbouncer") == null);
    assertThat(cnpg(CNPG_CLUSTER, "ams-postgres")).isNotNull();
  }

  @Test
  void theReadOnlyServiceServesTheReadyReplicasWithoutTheOperatorWritingAPod() {
    long mark = harness.mark();
    create(DEV + "database:\n  instances: 2\n");
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));
    // The double runs no StatefulSet controller: the pods appear as it would create them, then
    // the kubelet reports their IP and readiness.
    for (int ordinal = 0; ordinal < 2; ordinal++) {
      client
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("ams-postgres-" + ordinal)
                  .withNamespace(NS)
                  .addToLabels("app.kubernetes.io/managed-by", "ams-operator")
                  .addToLabels("app.kubernetes.io/instance", "ams")
                  .addToLabels("app.kubernetes.io/component", "postgres")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("postgres")
                  .withImage("postgres:15-alpine")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      setPodStatus("ams-postgres-" + ordinal, "10.1.0." + (10 + ordinal), true);
    }
    await().atMost(WAIT).until(() -> "10.1.0.11:true".equals(readOnlyEndpoints()));
    assertThat(client.services().inNamespace(NS).withName("ams-postgres-ro").get().getSpec())
        .satisfies(spec -> assertThat(spec.getSelector()).isNullOrEmpty());

    // The replica fails its probe: the slice says so, and kube-proxy stops sending to it.
    setPodStatus("ams-postgres-1", "10.1.0.11", false);
    await().atMost(WAIT).until(() -> "10.1.0.11:false".equals(readOnlyEndpoints()));

    // The replica goes (scaled down): so does the slice.
    client.pods().inNamespace(NS).withName("ams-postgres-1").withGracePeriod(0).delete();
    await().atMost(WAIT).until(() -> readOnlySlice() == null);

    // Not one write to a pod: the operator's role needs no write on pods.
    assertThat(harness.operatorWritesSince(mark))
        .noneMatch(r -> r.resource().equals("/pods"))
        .anyMatch(r -> r.resource().equals("discovery.k8s.io/endpointslices"));
  }

  private void setPodStatus(String pod, String ip, boolean ready) {
    var live = client.pods().inNamespace(NS).withName(pod).get();
    live.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withPodIP(ip)
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .build());
    client.pods().inNamespace(NS).resource(live).updateStatus();
  }

  private io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice readOnlySlice() {
    return client
        .resources(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class)
        .inNamespace(NS)
        .withName("ams-postgres-ro-ipv4")
        .get();
  }

  /** The endpoints of the -ro Service's slice, as {@code ip:ready} joined by commas. */
  private String readOnlyEndpoints() {
    var slice = readOnlySlice();
    if (slice == null || slice.getEndpoints() == null) {
      return "";
    }
    return String.join(
        ",",
        slice.getEndpoints().stream()
            .map(e -> e.getAddresses().get(0) + ":" + e.getConditions().getReady())
            .toList());
  }

  private GenericKubernetesResource cnpg(ResourceDefinitionContext kind, String name) {
    return client.genericKubernetesResources(kind).inNamespace(NS).withName(name).get();
  }

  /** The requested size of PostgreSQL's first claim, e.g. 2Gi. */
  private String postgresClaimSize() {
    return client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .withName("data-ams-postgres-0")
        .get()
        .getSpec()
        .getResources()
        .getRequests()
        .get("storage")
        .toString();
  }

  @Test
  void aClaimWhoseStorageClassCannotExpandIsNotGrownAndTheConditionSaysWhy() {
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("fixed")
                .endMetadata()
                .withProvisioner("example.com/fixed")
                .withAllowVolumeExpansion(false)
                .build())
        .create();
    create(DEV + "database:\n  storage:\n    size: 2Gi\n    storageClassName: fixed\n");
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));

    harness.edit(
        "ams",
        i -> {
          i.getSpec().getDatabase().getStorage().setSize("3Gi");
          return i;
        });
    await().atMost(WAIT).until(() -> conditionIs("DataReady", "False", "VolumeExpansionFailed"));
    assertThat(condition("DataReady").orElseThrow().getMessage())
        .contains("StorageClass fixed does not allow volume expansion");
    assertThat(postgresClaimSize()).isEqualTo("2Gi");
  }

  @Test
  void deletingTheInstanceKeepsTheClaimsAndTheSecret() {
    create(DEV);
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));
    var claim =
        client.persistentVolumeClaims().inNamespace(NS).withName("data-ams-postgres-0").get();
    assertThat(claim).isNotNull();
    var sts = client.apps().statefulSets().inNamespace(NS).withName("ams-postgres").get();
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Retain");

    client.resource(live()).delete();
    await().atMost(WAIT).until(() -> live() == null);
    // The double has no garbage collector: what survives a real one is what no owner reference
    // ties to the instance or to a StatefulSet.
    for (String name :
        new String[] {"data-ams-postgres-0", "data-ams-redis-0", "data-ams-minio-0"}) {
      var c = client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
      assertThat(c).as(name).isNotNull();
      assertThat(c.getMetadata().getOwnerReferences()).as(name).isNullOrEmpty();
    }
    var secret = client.secrets().inNamespace(NS).withName("ams-secrets").get();
    assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void aSmallerStorageSizeIsRefusedAndALargerOneGrowsTheClaims() {
    // As on a cluster whose default class can expand volumes: the claims get it when created, and
    // the API server forbids growing a claim whose class cannot.
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("standard")
                .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
                .endMetadata()
                .withProvisioner("example.com/standard")
                .withAllowVolumeExpansion(true)
                .build())
        .create();
    create(DEV + "database:\n  storage:\n    size: 2Gi\n");
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));

    harness.edit(
        "ams",
        shrunk -> {
          shrunk.getSpec().getDatabase().getStorage().setSize("1Gi");
          return shrunk;
        });
    await().atMost(WAIT).until(() -> conditionIs("Ready", "False", "InvalidSpec"));
    assertThat(condition("Ready").orElseThrow().getMessage())
        .contains(
            "spec.database.storage.size: (1Gi) is smaller than the volume data-ams-postgres-0 (2Gi)");
    assertThat(postgresClaimSize()).isEqualTo("2Gi");

    harness.edit(
        "ams",
        grown -> {
          grown.getSpec().getDatabase().getStorage().setSize("3Gi");
          return grown;
        });
    await().atMost(WAIT).until(() -> postgresClaimSize().equals("3Gi"));
    await().atMost(WAIT).until(() -> conditionIs("Ready", "True", "Ready"));
    // The StatefulSet's claim template cannot change; it keeps the size it was created with.
    var template =
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName("ams-postgres")
            .get()
            .getSpec()
            .getVolumeClaimTemplates()
            .get(0);
    assertThat(template.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("2Gi");
  }

  private static CustomResourceDefinition crd(String kind, String plural) {
    return EmbeddedApiServer.minimalCrd("postgresql.cnpg.io", "v1", kind, plural);
  }
}
