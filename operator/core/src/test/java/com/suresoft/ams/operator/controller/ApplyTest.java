package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.InSyncMemo;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.controller.actions.VolumeGrowth;
import com.suresoft.ams.operator.dependent.ReconcileInputs;
import com.suresoft.ams.operator.dependent.TlsIssuing;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.validation.SpecValidator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Applying a plan: the workflow gets the pass's decisions, the writes that are no dependent's come
 * after it, and a failed write is kept (naming the object) rather than thrown.
 */
class ApplyTest {
  private static final String OPERATOR = "ams-operator";

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private BackgroundChecks checks;
  private Apply apply;

  private final Validate validate = new Validate(new ValidatedSpecs(new SpecValidator()));
  private final Observe observe =
      new Observe(
          ObserveTest.NO_CRDS,
          new ReferencedSecrets(null, Clock.systemUTC(), Duration.ofMinutes(1)));

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client(OPERATOR);
    checks = new BackgroundChecks(null, 1);
    apply =
        new Apply(
            new SecureRandomSecretValues(),
            Clock.systemUTC(),
            new EcKeyPairs(new SecureRandom()),
            new VolumeGrowth(client),
            new InSyncMemo());
  }

  @AfterEach
  void stop() {
    checks.close();
    server.close();
  }

  @Test
  void aPassThatDoesNotApplyTouchesNothing() {
    var instance = ValidateTest.instance("paused: true\n");
    var verdict = validate.verdict(instance, List.of());

    // No context at all: the step must not reach for one.
    assertThat(apply.run(instance, null, verdict, null, null)).isSameAs(Applied.NOTHING);
  }

  @Test
  void theWorkflowGetsThePassDecisionsAndTheVolumesGrowAfterIt() {
    var instance = ValidateTest.instance("redis:\n  storage:\n    size: 2Gi\n");
    var claim = ValidateTest.claim("data-ams-redis-0", "redis", "1Gi");
    server.client("kubectl").resource(claim).create();
    var pass = pass(instance, List.of(claim));
    var workflow =
        FakeContext.workflow(
            () -> assertThat(claimWrites()).as("volumes grow after the workflow").isZero());
    var context = workflow.with(client);

    var applied = apply.run(instance, context, pass.verdict, pass.seen, pass.planned);

    assertThat(applied.failure()).isEmpty();
    assertThat(applied.workflowRan()).isTrue();
    assertThat(workflow.workflowRuns).isOne();
    var inputs = workflow.getMandatory(ReconcileInputs.class.getName(), ReconcileInputs.class);
    assertThat(inputs.release()).isSameAs(pass.planned.routed());
    assertThat(inputs.dataReady()).isEqualTo(pass.seen.data().ready()).isFalse();
    assertThat(workflow.get(TlsIssuing.class.getName(), TlsIssuing.class)).isPresent();
    // The claim was asked to grow (the API server double refuses it: the claim is not bound).
    assertThat(claimWrites()).isOne();
    assertThat(applied.volumeIssues())
        .singleElement()
        .satisfies(i -> assertThat(i.message()).contains("data-ams-redis-0 stays at 1Gi"));
  }

  @Test
  void aFailedWriteIsKeptNamingTheObjectAndNothingAfterItRuns() {
    var instance = ValidateTest.instance("redis:\n  storage:\n    size: 2Gi\n");
    var claim = ValidateTest.claim("data-ams-redis-0", "redis", "1Gi");
    server.client("kubectl").resource(claim).create();
    var pass = pass(instance, List.of(claim));
    var refused =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withNewDetails()
                .withKind("Service")
                .withName("ams-web-service")
                .endDetails()
                .build());
    var context =
        FakeContext.workflow(
                () -> {
                  throw new AggregatedOperatorException(
                      "workflow failed", Map.of("app-services", refused));
                })
            .with(client);

    var applied = apply.run(instance, context, pass.verdict, pass.seen, pass.planned);

    assertThat(applied.failure()).isPresent();
    assertThat(applied.workflowRan()).isFalse();
    assertThat(applied.children())
        .containsExactly(ChildIssue.applyFailed("Service", "ams-web-service", "422 Invalid"));
    assertThat(claimWrites()).as("no growth after a failed workflow").isZero();
  }

  private record Pass(Verdict verdict, Snapshot seen, PassPlan planned) {}

  private Pass pass(AmsInstance instance, List<PersistentVolumeClaim> claims) {
    var caches = new ListCaches();
    caches.claims.addAll(claims);
    var verdict = validate.verdict(instance, claims);
    var seen = observe.snapshot(instance, verdict, claims, caches);
    var planned = new Plan(Clock.systemUTC(), checks).decide(instance, verdict, seen);
    return new Pass(verdict, seen, planned);
  }

  /** The operator's writes of claims so far. */
  private long claimWrites() {
    return server.requestLog().writesSince(0, OPERATOR::equals).stream()
        .filter(r -> r.path().contains("/persistentvolumeclaims/"))
        .count();
  }
}
