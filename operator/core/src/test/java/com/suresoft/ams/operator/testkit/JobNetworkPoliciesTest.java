package com.suresoft.ams.operator.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.security.RenderedNamespace;
import com.suresoft.ams.operator.model.security.RenderedNamespace.Phase;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import com.suresoft.ams.testkit.JobSimulation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator plays a policy-enforcing network plugin for Jobs: a Job whose pod is configured to
 * reach something the namespace's NetworkPolicies deny fails, as it would on Calico or Cilium.
 */
class JobNetworkPoliciesTest {
  private EmbeddedApiServer server;
  private ControllerSimulator simulator;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    server = EmbeddedApiServer.start();
    simulator = ControllerSimulator.start(server);
    client = server.client("test");
  }

  @AfterEach
  void stopCluster() {
    simulator.close();
    server.close();
  }

  private static final Map<String, String> DB = Map.of("app", "db");
  private static final Map<String, String> MIGRATE = Map.of("app", "migrate");

  @Test
  void aJobWhoseConnectionIsDeniedFailsNamingIt() {
    database();
    client.resource(denyAll()).create();
    client.resource(migration("migrate")).create();

    simulator.awaitIdle();

    Job job = job("migrate");
    assertThat(job.getStatus().getFailed()).isEqualTo(1);
    assertThat(job.getStatus().getSucceeded()).isNull();
    assertThat(job.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getReason()).isEqualTo(JobSimulation.NETWORK_POLICY_DENIED);
              assertThat(c.getMessage())
                  .contains("migrate (env DATABASE_URL) -> db:5432")
                  .contains("egress and ingress denied");
            });
  }

  @Test
  void theSameJobCompletesWhenBothSidesAllowTheConnection() {
    database();
    client.resource(denyAll()).create();
    client
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("migrate-to-db")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(MIGRATE)
                .endPodSelector()
                .withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo()
                .withNewPodSelector()
                .withMatchLabels(DB)
                .endPodSelector()
                .endTo()
                .addNewPort()
                .withPort(new io.fabric8.kubernetes.api.model.IntOrString("postgres"))
                .endPort()
                .endEgress()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("db-from-migrate")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(DB)
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewPodSelector()
                .withMatchLabels(MIGRATE)
                .endPodSelector()
                .endFrom()
                .endIngress()
                .endSpec()
                .build())
        .create();
    client.resource(migration("migrate")).create();

    simulator.awaitIdle();

    assertThat(job("migrate").getStatus().getSucceeded()).isEqualTo(1);
  }

  @Test
  void withoutNetworkPoliciesNothingIsIsolated() {
    database();
    client.resource(migration("migrate")).create();

    simulator.awaitIdle();

    assertThat(job("migrate").getStatus().getSucceeded()).isEqualTo(1);
  }

  /**
   * The operator's own objects mid blue-green release (preview up, smoke check and migration
   * running), with the bucket Job and a run of the backup CronJob: every Job completes under the
   * operator's NetworkPolicies, and fails once its rules are gone.
   */
  @Test
  void theOperatorsJobsCompleteUnderItsPoliciesAndFailWithoutThem() {
    var ns =
        new RenderedNamespace(
            InstanceModel.of(TestInstances.sample("release-blue-green")), Phase.BLUE_GREEN_PREVIEW);
    var jobs = jobsOf(ns);
    assertThat(jobs)
        .extracting(j -> j.getMetadata().getLabels().get("app.kubernetes.io/component"))
        .containsExactlyInAnyOrder("backup", "buckets", "migration", "smoke-check");
    List<NetworkPolicy> policies = ns.all(NetworkPolicy.class);
    createAll(ns, policies);
    jobs.forEach(j -> client.resource(j).create());

    simulator.awaitIdle();

    for (Job j : jobs) {
      assertThat(job(j.getMetadata().getName(), "ams").getStatus().getSucceeded())
          .as(j.getMetadata().getName())
          .isEqualTo(1);
    }

    // The same Jobs, run again with only the default deny and DNS: each fails, naming its denial.
    var strict =
        policies.stream().filter(p -> !p.getMetadata().getName().endsWith("-netpol")).toList();
    policies.stream()
        .filter(p -> p.getMetadata().getName().endsWith("-netpol"))
        .forEach(p -> client.resource(p).delete());
    assertThat(strict).extracting(p -> p.getMetadata().getName()).contains("ams-default-deny");
    for (Job j : jobs) {
      var again =
          new JobBuilder(j)
              .editMetadata()
              .withName(j.getMetadata().getName() + "-again")
              .endMetadata()
              .build();
      client.resource(again).create();
    }

    simulator.awaitIdle();

    for (Job j : jobs) {
      var conditions = job(j.getMetadata().getName() + "-again", "ams").getStatus().getConditions();
      assertThat(conditions)
          .as(j.getMetadata().getName())
          .extracting(JobCondition::getReason)
          .containsExactly(JobSimulation.NETWORK_POLICY_DENIED);
    }
  }

  /** The release Jobs and the bucket Job, and a Job as the CronJob controller makes a run. */
  private static List<Job> jobsOf(RenderedNamespace ns) {
    var jobs = new ArrayList<>(ns.all(Job.class));
    for (CronJob cron : ns.all(CronJob.class)) {
      var template = cron.getSpec().getJobTemplate();
      jobs.add(
          new JobBuilder()
              .withNewMetadata()
              .withName(cron.getMetadata().getName() + "-run")
              .withNamespace(cron.getMetadata().getNamespace())
              .withLabels(template.getMetadata().getLabels())
              .endMetadata()
              .withSpec(template.getSpec())
              .build());
    }
    return jobs;
  }

  private void createAll(RenderedNamespace ns, List<NetworkPolicy> policies) {
    var objects = new ArrayList<HasMetadata>();
    objects.addAll(ns.all(Secret.class));
    objects.addAll(ns.all(ConfigMap.class));
    objects.addAll(ns.all(Service.class));
    objects.addAll(ns.all(Deployment.class));
    objects.addAll(ns.all(StatefulSet.class));
    objects.addAll(policies);
    objects.forEach(o -> client.resource(o).create());
  }

  /** A Service {@code db} in front of a Deployment whose pods serve port {@code postgres}. */
  private void database() {
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(DB)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(DB)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("postgres")
                .withImage("postgres:15")
                .addNewPort()
                .withName("postgres")
                .withContainerPort(5432)
                .endPort()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withSelector(DB)
                .addNewPort()
                .withPort(5432)
                .withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString("postgres"))
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  private static NetworkPolicy denyAll() {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName("deny-all")
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  private static Job migration(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(MIGRATE)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("migrate")
        .withImage("registry.example/ams/api:1.0")
        .addNewEnv()
        .withName("DATABASE_URL")
        .withValue("postgresql://ams:secret@db:5432/ams")
        .endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private Job job(String name) {
    return job(name, NAMESPACE);
  }

  private Job job(String name, String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }
}
