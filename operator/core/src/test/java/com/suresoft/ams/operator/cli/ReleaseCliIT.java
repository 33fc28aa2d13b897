package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promote, abort, retry and status of the operator jar against the in-process API server, through a
 * kubeconfig. With no operator running, the action commands run with --no-wait (the waiting is
 * tested with the real operator in the kubectl-plugin module).
 */
class ReleaseCliIT {
  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private static String kubeconfig;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start(@TempDir Path dir) {
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    client = server.client("test");
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("ams").endMetadata().build())
        .create();
    var instance =
        TestInstances.withSpec(
            "ams",
            """
            tier: Development
            version: "1.1.0"
            release:
              strategy: Canary
              canary: {steps: [{setWeight: 10}, {pause: {}}, {setWeight: 50}]}
            """);
    instance.getMetadata().setAnnotations(Map.of("team", "platform"));
    client.resource(instance).create();
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig")).toString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = AmsOperatorCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static AmsInstance instance() {
    return client.resources(AmsInstance.class).inNamespace("ams").withName("ams").get();
  }

  @Test
  void promoteSetsAFreshTokenWithAMergePatchOnAnnotationsOnly() {
    long mark = server.requestLog().mark();
    var first = run("promote", "ams", "-n", "ams", "--no-wait", "--kubeconfig", kubeconfig);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("promote requested for ams/ams");
    var annotations = instance().getMetadata().getAnnotations();
    String token = annotations.get("ams.suresoft.com/promote");
    assertThat(token).isNotBlank();
    assertThat(annotations).containsEntry("team", "platform");
    assertThat(server.requestLog().writesSince(mark))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.method()).isEqualTo("PATCH");
              assertThat(w.contentType()).startsWith("application/merge-patch+json");
            });

    var again = run("promote", "ams", "-n", "ams", "--no-wait", "--kubeconfig", kubeconfig);
    assertThat(again.exit()).isZero();
    assertThat(instance().getMetadata().getAnnotations().get("ams.suresoft.com/promote"))
        .isNotEqualTo(token);
  }

  @Test
  void promoteFullAbortAndRetrySetTheirOwnAnnotations() {
    assertThat(
            run("promote", "ams", "-n", "ams", "--full", "--no-wait", "--kubeconfig", kubeconfig)
                .exit())
        .isZero();
    assertThat(run("abort", "ams", "-n", "ams", "--no-wait", "--kubeconfig", kubeconfig).exit())
        .isZero();
    assertThat(run("retry", "ams", "-n", "ams", "--no-wait", "--kubeconfig", kubeconfig).exit())
        .isZero();
    assertThat(instance().getMetadata().getAnnotations())
        .containsKeys(
            "ams.suresoft.com/promote-full", "ams.suresoft.com/abort", "ams.suresoft.com/retry");
  }

  @Test
  void anUnknownInstanceIsAnErrorNamingTheNamespace() {
    var run = run("abort", "nope", "-n", "ams", "--kubeconfig", kubeconfig);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("nope", "ams");
  }

  @Test
  void statusPrintsStrategyPhaseStepWeightSlotsAndVersions() {
    var instance = instance();
    var status = new AmsInstanceStatus();
    status.setPhase(Phase.Progressing);
    status.setReady("3/3");
    var r = new ReleaseStatus();
    r.setStrategy("Canary");
    r.setPhase(ReleasePhase.Paused);
    r.setSummary("Canary 10% paused");
    r.setStepIndex(1);
    r.setCanaryWeight(10);
    r.setActiveSlot(Slot.blue);
    r.setStableVersion("1.0.0");
    r.setCandidateVersion("1.1.0");
    r.setStartedAt("2025-01-01T10:00:00Z");
    r.setMessage("step 2/3: paused at 10%, waiting for promote");
    status.setRelease(r);
    instance.setStatus(status);
    client.resource(instance).updateStatus();

    var run = run("status", "ams", "-n", "ams", "--kubeconfig", kubeconfig);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("ams/ams  Progressing  ready 3/3")
        .contains("strategy   Canary via Istio")
        .contains("phase      Paused  (Canary 10% paused)")
        .contains("step       2/3")
        .contains("weight     10% routed to the candidate")
        .contains("stable     1.0.0 in slot blue")
        .contains("candidate  1.1.0 in slot green")
        .contains("message    step 2/3: paused at 10%, waiting for promote");

    var watched =
        run(
            "status",
            "ams",
            "-n",
            "ams",
            "--kubeconfig",
            kubeconfig,
            "--watch",
            "--watch-limit",
            "1");
    assertThat(watched.exit()).isZero();
    assertThat(watched.out()).contains("Canary 10% paused");
  }
}
