package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerSimulatorTest extends SimulatedClusterTest {

  @Test
  void aDeploymentBecomesReadyWithItsDesiredReplicas() {
    client.resource(Fixtures.deployment("web", 3)).create();

    simulator.awaitIdle();

    Deployment web = deployment("web");
    assertThat(web.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(web.getStatus().getReplicas()).isEqualTo(3);
    assertThat(web.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(web.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(web.getStatus().getConditions())
        .extracting(
            DeploymentCondition::getType,
            DeploymentCondition::getStatus,
            DeploymentCondition::getReason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("Available", "True", "MinimumReplicasAvailable"),
            org.assertj.core.groups.Tuple.tuple("Progressing", "True", "NewReplicaSetAvailable"));
  }

  @Test
  void aDeploymentFollowsASpecChange() {
    client.resource(Fixtures.deployment("web", 1)).create();
    simulator.awaitIdle();

    client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale(4);
    simulator.awaitIdle();

    assertThat(deployment("web").getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(deployment("web").getStatus().getReadyReplicas()).isEqualTo(4);
  }

  @Test
  void onlyANewGenerationIsWorkNotTheEchoOfItsOwnStatusWrite() {
    client.resource(Fixtures.deployment("web", 1)).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Integer.valueOf(1).equals(deployment("web").getStatus().getReadyReplicas()));

    // The add was one reconciliation; its status write, echoed by the watch, is none.
    reconciliationsStayAt(1);
    // Nor is a label: the simulated controllers read only the spec.
    Fixtures.label(client, "web", "team", "ams");
    reconciliationsStayAt(1);

    // A spec change is, without an awaitIdle sweep.
    client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale(3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Integer.valueOf(3).equals(deployment("web").getStatus().getReadyReplicas()));
    assertThat(simulator.reconciliations()).isEqualTo(2);
  }

  /** The simulator's work queue has taken up {@code n} objects and takes up no more for 500 ms. */
  private void reconciliationsStayAt(long n) {
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> simulator.reconciliations() == n);
  }

  @Test
  void aDeploymentWithoutReplicasAndWithoutAnAutoscalerGetsOne() {
    client.resource(Fixtures.deployment("web", null)).create();

    simulator.awaitIdle();

    assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment("web").getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void anAutoscalerSetsTheReplicasOfATargetThatLeavesThemUnset() {
    client.resource(autoscaler("web", 2, 5)).create();
    long mark = server.requestLog().mark();
    client.resource(Fixtures.deployment("web", null)).create();

    simulator.awaitIdle();

    Deployment web = deployment("web");
    assertThat(web.getSpec().getReplicas()).isEqualTo(2);
    assertThat(web.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(ServerSideApplyTest.fieldsOf(web, ControllerSimulator.HPA_ACTOR, "Update"))
        .isEqualTo(Map.of("f:spec", Map.of("f:replicas", Map.of())));
    assertThat(server.requestLog().writesSince(mark, ControllerSimulator.HPA_ACTOR::equals))
        .extracting(ApiRequest::path)
        .contains("/apis/apps/v1/namespaces/default/deployments/web");
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(NAMESPACE)
            .withName("web")
            .get();
    assertThat(hpa.getStatus().getCurrentReplicas()).isEqualTo(2);
    assertThat(hpa.getStatus().getDesiredReplicas()).isEqualTo(2);
  }

  @Test
  void anAutoscalerCreatedLaterStillScalesItsTarget() {
    client.resource(Fixtures.deployment("web", null)).create();
    simulator.awaitIdle();

    client.resource(autoscaler("web", 3, 5)).create();
    simulator.awaitIdle();

    assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aHeldDeploymentStaysUnreadyUntilReleased() {
    simulator.holdUnready(ControllerSimulator.DEPLOYMENT, NAMESPACE, "web");
    client.resource(Fixtures.deployment("web", 2)).create();
    simulator.awaitIdle();

    assertThat(deployment("web").getStatus().getReadyReplicas()).isNull();
    assertThat(deployment("web").getStatus().getReplicas()).isEqualTo(2);
    assertThat(deployment("web").getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Available");
              assertThat(c.getStatus()).isEqualTo("False");
            });

    simulator.release(ControllerSimulator.DEPLOYMENT, NAMESPACE, "web");
    simulator.awaitIdle();

    assertThat(deployment("web").getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aStatefulSetBecomesReadyAndGetsBoundClaimsThatOutliveIt() {
    // Like kind's default class: claims bind once a pod uses them.
    VolumeSimulationTest.storageClass(client, "standard", true, "WaitForFirstConsumer", true);
    client.resource(statefulSet("db", 2)).create();

    simulator.awaitIdle();

    StatefulSet db = client.apps().statefulSets().inNamespace(NAMESPACE).withName("db").get();
    assertThat(db.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(db.getStatus().getReplicas()).isEqualTo(2);
    assertThat(db.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(db.getStatus().getCurrentReplicas()).isEqualTo(2);
    assertThat(db.getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(db.getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(db.getStatus().getCurrentRevision())
        .isEqualTo(db.getStatus().getUpdateRevision())
        .startsWith("db-");
    List<PersistentVolumeClaim> claims =
        client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems();
    assertThat(claims)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("data-db-0", "data-db-1");
    assertThat(claims)
        .allSatisfy(
            claim -> {
              assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
              assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
              assertThat(claim.getMetadata().getLabels())
                  .containsEntry("volume", "data")
                  .containsEntry("app.kubernetes.io/name", "db");
              assertThat(claim.getStatus().getCapacity())
                  .containsEntry("storage", new Quantity("1Gi"));
            });

    client.apps().statefulSets().inNamespace(NAMESPACE).withName("db").delete();
    simulator.awaitIdle();
    assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).hasSize(2);
  }

  @Test
  void aHeldStatefulSetHasNoReadyReplicas() {
    simulator.holdUnready(ControllerSimulator.STATEFUL_SET, NAMESPACE, "db");
    client.resource(statefulSet("db", 1)).create();

    simulator.awaitIdle();

    StatefulSet db = client.apps().statefulSets().inNamespace(NAMESPACE).withName("db").get();
    assertThat(db.getStatus().getReadyReplicas()).isNull();
    assertThat(db.getStatus().getReplicas()).isEqualTo(1);
  }

  @Test
  void aJobCompletes() {
    client.resource(job("migrate")).create();

    simulator.awaitIdle();

    Job job = job("migrate", NAMESPACE);
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getMetadata().getManagedFields())
        .anySatisfy(
            e -> {
              assertThat(e.getManager()).isEqualTo(ControllerSimulator.ACTOR);
              assertThat(e.getOperation()).isEqualTo("Update");
              assertThat(e.getSubresource()).isEqualTo("status");
            });
    assertThat(job.getStatus().getStartTime()).isNotNull();
    assertThat(job.getStatus().getCompletionTime()).isNotNull();
    assertThat(job.getStatus().getConditions())
        .singleElement()
        .extracting(JobCondition::getType, JobCondition::getStatus)
        .containsExactly("Complete", "True");
  }

  @Test
  void aHeldJobStaysActiveAndCompletesWhenReleased() {
    simulator.holdUnready(ControllerSimulator.JOB, NAMESPACE, "migrate");
    client.resource(job("migrate")).create();
    simulator.awaitIdle();

    assertThat(job("migrate", NAMESPACE).getStatus().getActive()).isEqualTo(1);
    assertThat(job("migrate", NAMESPACE).getStatus().getConditions()).isNullOrEmpty();

    simulator.release(ControllerSimulator.JOB, NAMESPACE, "migrate");
    simulator.awaitIdle();

    assertThat(job("migrate", NAMESPACE).getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job("migrate", NAMESPACE).getStatus().getActive()).isNull();
  }

  @Test
  void aJobFailsOnRequest() {
    simulator.failJob(NAMESPACE, "migrate");
    client.resource(job("migrate")).create();

    simulator.awaitIdle();

    Job job = job("migrate", NAMESPACE);
    assertThat(job.getStatus().getFailed()).isEqualTo(1);
    assertThat(job.getStatus().getSucceeded()).isNull();
    assertThat(job.getStatus().getConditions())
        .singleElement()
        .extracting(JobCondition::getType, JobCondition::getStatus)
        .containsExactly("Failed", "True");
  }

  @Test
  void slowJobsCompleteOnlyAfterTheirDuration() {
    simulator.slowJobs(Duration.ofMillis(800));
    long created = System.nanoTime();
    client.resource(job("migrate")).create();
    simulator.awaitIdle();

    assertThat(job("migrate", NAMESPACE).getStatus().getActive()).isEqualTo(1);
    assertThat(job("migrate", NAMESPACE).getStatus().getConditions()).isNullOrEmpty();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> Integer.valueOf(1).equals(job("migrate", NAMESPACE).getStatus().getSucceeded()));
    assertThat(Duration.ofNanos(System.nanoTime() - created))
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
    assertThat(job("migrate", NAMESPACE).getStatus().getActive()).isNull();
  }

  @Test
  void oneJobCanBeSlowWhileOthersCompleteAtOnce() {
    simulator.slowJob(NAMESPACE, "migrate", Duration.ofMinutes(5));
    client.resource(job("migrate")).create();
    client.resource(job("smoke")).create();

    simulator.awaitIdle();

    assertThat(job("migrate", NAMESPACE).getStatus().getActive()).isEqualTo(1);
    assertThat(job("smoke", NAMESPACE).getStatus().getSucceeded()).isEqualTo(1);
  }

  @Test
  void aSlowJobAskedToFailFailsAtOnce() {
    simulator.slowJobs(Duration.ofMinutes(5));
    simulator.failJob(NAMESPACE, "migrate");
    client.resource(job("migrate")).create();

    simulator.awaitIdle();

    assertThat(job("migrate", NAMESPACE).getStatus().getFailed()).isEqualTo(1);
  }

  @Test
  void onceCaughtUpTheSimulatorWritesNothingMore() {
    client.resource(autoscaler("web", 2, 4)).create();
    client.resource(Fixtures.deployment("web", null)).create();
    client.resource(statefulSet("db", 2)).create();
    client.resource(job("migrate")).create();
    simulator.awaitIdle();

    long mark = server.requestLog().mark();
    simulator.awaitIdle();

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> server.requestLog().writesSince(mark).isEmpty());
  }

  @Test
  void awaitIdleReportsWhenTheSimulatorCannotWrite() {
    server.addInterceptor(
        request ->
            request.isWrite() && request.actor().equals(ControllerSimulator.ACTOR)
                ? Interception.respondWithStatus(500, "InternalError", "injected")
                : Interception.proceed());
    client.resource(job("migrate")).create();

    assertThatThrownBy(() -> simulator.awaitIdle())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not reconcile");
  }

  @Test
  void onlyTheSimulatedKindsCanBeHeld() {
    assertThatThrownBy(() -> simulator.holdUnready("DaemonSet", NAMESPACE, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private Job job(String name, String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** An HPA named like its target. */
  private static HorizontalPodAutoscaler autoscaler(String target, int min, int max) {
    return AutoscalerSimulationTest.autoscaler(target, target, min, max);
  }

  private static StatefulSet statefulSet(String name, int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withNewSelector()
        .addToMatchLabels("app.kubernetes.io/name", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app.kubernetes.io/name", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("db")
        .withImage("registry.example/ams/db:1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .addToLabels("volume", "data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .endSpec()
        .build();
  }

  private static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("migrate")
        .withImage("registry.example/ams/migrate:1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
