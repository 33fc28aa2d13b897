package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.testkit.ControllerSimulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An instance becomes its application tier and reports Ready, through the production path. */
class AppTierIT {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void productionSampleBecomesEveryChildAndGoesReady() {
    harness.create(TestInstances.sample("production"));
    var ready = harness.awaitPhase("ams", Phase.Ready);

    assertThat(
            Conditions.find(ready.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(ready.getStatus().getComponents().get("web").getReady()).isEqualTo("3/3");
    // The HPA (played by the simulator) set the API's replicas to its minimum.
    assertThat(ready.getStatus().getComponents().get("api").getReady()).isEqualTo("3/3");
    assertThat(ready.getStatus().getComponents().get("worker").getReady()).isEqualTo("2/2");
    assertThat(ready.getStatus().getUrl()).isEqualTo("https://ams.suresoft.com");
    assertThat(ready.getStatus().getRelease().getStableVersion()).isEqualTo("1.0.0");

    var api = harness.get(Deployment.class, "ams-api-blue");
    assertThat(api.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/suresoft/ams-api:1.0.0");
    assertThat(api.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("ams"));
    assertThat(api.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("ams-operator"));
    assertThat(harness.get(Deployment.class, "ams-web-blue").getSpec().getReplicas()).isEqualTo(3);
    assertThat(harness.get(Service.class, "ams-api-service").getSpec().getSelector())
        .containsEntry("ams.suresoft.com/slot", "blue");
    assertThat(harness.get(Service.class, "ams-web-service").getSpec().getPorts().get(0).getPort())
        .isEqualTo(80);
    assertThat(harness.get(Ingress.class, "ams-ingress").getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt-prod");
    assertThat(harness.get(HorizontalPodAutoscaler.class, "ams-api-hpa").getSpec().getMaxReplicas())
        .isEqualTo(10);
    var secret = harness.get(Secret.class, "ams-secrets");
    assertThat(secret.getData()).containsKeys("database-url", "jwt-access-secret");
    assertThat(secret.getMetadata().getOwnerReferences()).isEmpty();

    var events = harness.user().v1().events().inNamespace("ams").list().getItems();
    assertThat(events).extracting(e -> e.getReason()).contains("Provisioning", "Ready");
  }

  @Test
  void theOperatorNeverFightsTheHpaOverReplicas() {
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
    // The HPA scales the API out; the operator must leave the new count alone.
    harness
        .server()
        .client(ControllerSimulator.HPA_ACTOR)
        .apps()
        .deployments()
        .inNamespace("ams")
        .withName("ams-api-blue")
        .scale(7);
    harness.awaitReconciles(3);
    harness.restartOperator();
    harness.awaitReconciles(2);
    assertThat(harness.get(Deployment.class, "ams-api-blue").getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void aVersionChangeRollsTheActiveSlotAndReportsProgressThenReady() {
    harness.create(TestInstances.sample("development"));
    harness.awaitPhase("ams", Phase.Ready);
    harness.simulator().holdUnready(ControllerSimulator.DEPLOYMENT, "ams", "ams-api-blue");
    harness.edit(
        "ams",
        i -> {
          i.getSpec().setVersion("1.1.0");
          return i;
        });
    harness.awaitPhase("ams", Phase.Progressing);
    // After the migration gate, the active slot rolls in place; the held API keeps it going.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                harness
                    .get(Deployment.class, "ams-api-blue")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage()
                    .endsWith("ams-api:1.1.0"));
    var rolling = harness.instance("ams");
    assertThat(rolling.getStatus().getPhase()).isEqualTo(Phase.Progressing);
    assertThat(rolling.getStatus().getRelease().getCandidateVersion()).isEqualTo("1.1.0");
    assertThat(rolling.getStatus().getRelease().getStableVersion()).isEqualTo("1.0.0");
    assertThat(harness.get(Job.class, new ResourceNames("ams").migrationJob("1.1.0"))).isNotNull();
    harness.simulator().release(ControllerSimulator.DEPLOYMENT, "ams", "ams-api-blue");
    var done = harness.awaitPhase("ams", Phase.Ready);
    assertThat(done.getStatus().getRelease().getStableVersion()).isEqualTo("1.1.0");
    // The app tier's components run the new version (the data tier's report their image tags).
    assertThat(done.getStatus().getComponents())
        .extractingByKeys("web", "api", "worker")
        .allSatisfy(c -> assertThat(c.getVersion()).isEqualTo("1.1.0"));
  }

  @Test
  void progressHeldBackByTheStatusThrottleIsWrittenWhenItsIntervalEnds() {
    // The worker never becomes ready, so after web and API no event comes: the last count reaches
    // the status only through the reconciliation the throttle scheduled. (The default harness
    // resyncs every 250 ms, which would write it too; run's 10 minutes would not.)
    harness.close();
    harness = OperatorHarness.start(Duration.ofMinutes(10));
    harness.simulator().holdUnready(ControllerSimulator.DEPLOYMENT, "ams", "ams-worker-blue");
    harness.create(TestInstances.sample("development"));

    var status =
        harness.awaitStatus(
            "ams",
            s ->
                s.getComponents().containsKey("worker")
                    && "1/1".equals(s.getComponents().get("web").getReady())
                    && "1/1".equals(s.getComponents().get("api").getReady()));
    assertThat(status.getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(status.getComponents().get("worker").getReady()).isEqualTo("0/1");
  }

  @Test
  void pausedChangesNothingAndSaysSo() {
    harness.create(TestInstances.sample("development"));
    harness.awaitPhase("ams", Phase.Ready);
    var before = harness.get(Deployment.class, "ams-web-blue");
    harness.edit(
        "ams",
        i -> {
          i.getSpec().setPaused(true);
          i.getSpec().setVersion("9.9.9");
          return i;
        });
    var paused = harness.awaitPhase("ams", Phase.Paused);
    assertThat(
            Conditions.find(paused.getStatus().getConditions(), "Progressing")
                .orElseThrow()
                .getReason())
        .isEqualTo("Paused");
    long mark = harness.mark();
    harness.awaitReconciles(2);
    assertThat(harness.get(Deployment.class, "ams-web-blue").getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(harness.operatorWritesSince(mark)).isEmpty();
    // Unpausing resumes: the new version rolls out.
    harness.edit(
        "ams",
        i -> {
          i.getSpec().setPaused(false);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        harness
                            .get(Deployment.class, "ams-web-blue")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .endsWith(":9.9.9"));
    assertThat(
            List.of(
                harness.awaitPhase("ams", Phase.Ready).getStatus().getRelease().getStableVersion()))
        .containsExactly("9.9.9");
  }

  @Test
  void everyStatusWriteWhileConvergingReportsMoreThanVersions() throws Exception {
    var written = new CopyOnWriteArrayList<AmsInstanceStatus>();
    try (var watch =
        harness
            .user()
            .resources(AmsInstance.class)
            .inNamespace("ams")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, AmsInstance instance) {
                    if (instance.getStatus() != null) {
                      written.add(instance.getStatus());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      harness.create(TestInstances.sample("development"));
      harness.awaitPhase("ams", Phase.Ready);
    }

    // The data tier the first pass creates reports its versions in that pass's status already.
    assertThat(written).isNotEmpty();
    assertThat(written.get(0).getComponents())
        .allSatisfy((name, component) -> assertThat(component.getVersion()).as(name).isNotNull());
    for (int i = 1; i < written.size(); i++) {
      assertThat(withoutVersions(written.get(i)))
          .as("status write %d only changed versions", i)
          .isNotEqualTo(withoutVersions(written.get(i - 1)));
    }
  }

  private static String withoutVersions(AmsInstanceStatus status) {
    var copy = JSON.clone(status);
    copy.getComponents().values().forEach(c -> c.setVersion(null));
    return JSON.asJson(copy);
  }
}
