package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.dependent.ChildApplyException;
import com.suresoft.ams.operator.status.ChildIssue;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/** A failed write names the object, with the API server's code and reason only. */
class FailedWritesTest {

  @Test
  void eachFailedDependentIsNamedByKindAndName() throws Exception {
    var refused = refused(422, "Invalid", "Service", "ams-web-service", "data: secret-value");
    var wrapped = childApplyException("Secret", "ams-secrets", refused);
    var failures = new LinkedHashMap<String, Exception>();
    failures.put("app-services", refused);
    failures.put("app-secret", new RuntimeException("wrapped", wrapped));
    failures.put("dashboard", new IllegalStateException("bug"));

    var issues = FailedWrites.of(new AggregatedOperatorException("failed", failures));

    assertThat(issues)
        .containsExactly(
            ChildIssue.applyFailed("Service", "ams-web-service", "422 Invalid"),
            ChildIssue.applyFailed("Secret", "ams-secrets", "422 Invalid"),
            ChildIssue.applyFailed("objects of", "dashboard", "IllegalStateException"));
    assertThat(issues.toString()).doesNotContain("secret-value");
  }

  @Test
  void aFailureOutsideTheWorkflowIsTheReconcilers() {
    assertThat(FailedWrites.of(new IllegalArgumentException("x")))
        .containsExactly(
            ChildIssue.applyFailed("objects of", "the reconciler", "IllegalArgumentException"));
  }

  static KubernetesClientException refused(
      int code, String reason, String kind, String name, String message) {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .withNewDetails()
            .withKind(kind)
            .withName(name)
            .endDetails()
            .build());
  }

  /** Its constructor is the dependents' own; reached here as they reach it. */
  private static ChildApplyException childApplyException(
      String kind, String name, RuntimeException cause) throws Exception {
    var constructor =
        ChildApplyException.class.getDeclaredConstructor(
            String.class, String.class, RuntimeException.class);
    constructor.setAccessible(true);
    return constructor.newInstance(kind, name, cause);
  }
}
