package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.testkit.Interception;
import com.suresoft.ams.testkit.RequestInterceptor;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reconciliation that throws leaves a status that says so: Ready False, reason ReconcileError,
 * naming the exception without a secret, and a Warning Event. JOSDK's retry with backoff (the
 * resync here is far away) brings the pass that succeeds once the cause is gone, and that pass
 * clears the condition. The cause: the operator may not read the Secret the instance names (a
 * platform team that took {@code get} on Secrets away), which fails before anything is applied.
 */
class ReconcileErrorIT {
  /** Longer than the test: only JOSDK's retry can bring the recovery. */
  private static final Duration NO_RESYNC = Duration.ofMinutes(30);

  private static final String PASSWORD = "hunter2-in-the-url";

  @Test
  void anExceptionSetsAConditionThatTheRetryClearsOnceTheCauseIsGone() {
    try (var harness = OperatorHarness.start(NO_RESYNC)) {
      harness
          .user()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("my-db")
                  .withNamespace(OperatorHarness.NAMESPACE)
                  .endMetadata()
                  .addToStringData(
                      "database-url", "postgresql://ams:" + PASSWORD + "@db.example:5432/ams")
                  .build())
          .create();
      RequestInterceptor forbidden =
          r ->
              r.actor().equals(OperatorHarness.OPERATOR)
                      && r.method().equals("GET")
                      && r.path().endsWith("/secrets/my-db")
                  ? Interception.respondWithStatus(
                      403, "Forbidden", "secrets \"my-db\" is forbidden: " + PASSWORD)
                  : Interception.proceed();
      harness.server().addInterceptor(forbidden);

      harness.create(
          TestInstances.withSpec(
              "ams",
              "tier: Development\nversion: \"1.0.0\"\n"
                  + "database:\n  mode: External\n  externalSecretName: my-db\n"));

      var failed = harness.awaitStatus("ams", ReconcileErrorIT::failed);
      var ready = Conditions.find(failed.getConditions(), Conditions.READY).orElseThrow();
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getMessage())
          .startsWith("KubernetesClientException: 403 Forbidden")
          .contains("/secrets/my-db")
          .doesNotContain(PASSWORD);
      var warnings =
          await().atMost(Duration.ofSeconds(10)).until(() -> events(harness), e -> !e.isEmpty());
      assertThat(warnings)
          .allSatisfy(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).isEqualTo(ready.getMessage());
              });

      harness.server().removeInterceptor(forbidden);
      var recovered = harness.awaitPhase("ams", Phase.Ready);
      assertThat(recovered.getStatus().getConditions())
          .noneMatch(c -> Reasons.RECONCILE_ERROR.equals(c.getReason()));
      assertThat(events(harness)).as("one Warning for one error").hasSize(1);
    }
  }

  private static boolean failed(AmsInstanceStatus status) {
    return Conditions.find(status.getConditions(), Conditions.READY)
        .filter(c -> Reasons.RECONCILE_ERROR.equals(c.getReason()))
        .isPresent();
  }

  private static List<Event> events(OperatorHarness harness) {
    return harness
        .user()
        .v1()
        .events()
        .inNamespace(OperatorHarness.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(e -> Reasons.RECONCILE_ERROR.equals(e.getReason()))
        .toList();
  }
}
