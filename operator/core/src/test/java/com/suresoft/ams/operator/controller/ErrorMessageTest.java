package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An exception as the status shows it: its class and message, and no secret. */
class ErrorMessageTest {

  @Test
  void anApiServerErrorIsToldByCodeReasonAndObjectNeverByItsMessage() {
    var refused =
        FailedWritesTest.refused(
            422, "Invalid", "Secret", "ams-secrets", "data[jwt]: Invalid value: \"hunter2\"");

    assertThat(ErrorMessage.of(new OperatorException("wrapped", refused), List.of()))
        .isEqualTo("KubernetesClientException: 422 Invalid (Secret ams-secrets)");
  }

  @Test
  void withoutTheObjectInTheAnswerTheRequestsPathSaysWhichItWas() {
    var forbidden =
        new KubernetesClientException(
            "Failure executing: GET at:"
                + " https://10.0.0.1:6443/api/v1/namespaces/ams/secrets/my-db?resourceVersion=1."
                + " Message: secret value hunter2 is forbidden.",
            403,
            new StatusBuilder().withCode(403).withReason("Forbidden").build());

    assertThat(ErrorMessage.of(forbidden, List.of()))
        .isEqualTo(
            "KubernetesClientException: 403 Forbidden (GET /api/v1/namespaces/ams/secrets/my-db)");
  }

  @Test
  void failedDependentsAreListedByObject() {
    var refused = FailedWritesTest.refused(409, "Conflict", "Service", "ams-web-service", "x");
    var aggregated = new AggregatedOperatorException("failed", Map.of("app-services", refused));

    assertThat(ErrorMessage.of(aggregated, List.of()))
        .isEqualTo(
            "AggregatedOperatorException: could not apply Service ams-web-service (409 Conflict)");
  }

  @Test
  void anyOtherExceptionIsItsClassAndTheFirstMessageInItsChain() {
    assertThat(ErrorMessage.of(new IllegalStateException("cache out of step"), List.of()))
        .isEqualTo("IllegalStateException: cache out of step");
    assertThat(
            ErrorMessage.of(
                new RuntimeException(new IllegalArgumentException("bad quantity")), List.of()))
        .isEqualTo("RuntimeException: java.lang.IllegalArgumentException: bad quantity");
    assertThat(ErrorMessage.of(new NullPointerException(), List.of()))
        .isEqualTo("NullPointerException");
  }

  @Test
  void credentialsInUrlsAndTheInstancesSecretValuesAreRedacted() {
    var e =
        new IllegalStateException(
            "cannot reach postgresql://ams:hunter2-pass@db:5432/ams\nwith key s3cr3t-token-value"
                + " (port 5432, ready true)");

    String message = ErrorMessage.of(e, List.of("s3cr3t-token-value", "true", "5432"));

    assertThat(message)
        .isEqualTo(
            "IllegalStateException: cannot reach postgresql://<redacted>@db:5432/ams with key"
                + " <redacted> (port 5432, ready true)")
        .doesNotContain("hunter2")
        .doesNotContain("s3cr3t");
  }

  @Test
  void aLongMessageIsCut() {
    assertThat(ErrorMessage.of(new IllegalStateException("x".repeat(5000)), List.of()))
        .hasSize(ErrorMessage.MAX)
        .endsWith("...");
  }
}
