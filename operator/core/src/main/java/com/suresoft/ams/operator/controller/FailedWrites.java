package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.dependent.ChildApplyException;
import com.suresoft.ams.operator.status.ChildIssue;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The children a failed write names: each failed write JOSDK's workflow collected, by kind and
 * name; anything else as one issue without a name. Only the API server's code and reason, never its
 * message, which for some errors quotes the object sent (a Secret's data).
 */
final class FailedWrites {
  private FailedWrites() {}

  static List<ChildIssue> of(RuntimeException e) {
    var result = new ArrayList<ChildIssue>();
    var causes =
        e instanceof AggregatedOperatorException aggregated
            ? List.copyOf(aggregated.getAggregatedExceptions().values())
            : List.<Exception>of(e);
    for (Exception cause : causes) {
      Throwable t = cause;
      while (t != null && !(t instanceof ChildApplyException)) {
        t = t.getCause();
      }
      if (t instanceof ChildApplyException c) {
        result.add(ChildIssue.applyFailed(c.kind(), c.name(), c.detail()));
      } else if (cause instanceof KubernetesClientException k
          && k.getStatus() != null
          && k.getStatus().getDetails() != null) {
        var details = k.getStatus().getDetails();
        result.add(
            ChildIssue.applyFailed(
                details.getKind(),
                details.getName(),
                k.getCode() + " " + Objects.requireNonNullElse(k.getStatus().getReason(), "")));
      } else {
        result.add(
            ChildIssue.applyFailed("objects of", key(e, cause), cause.getClass().getSimpleName()));
      }
    }
    return result;
  }

  /** The workflow's name for the dependent that threw {@code cause}, or "the reconciler". */
  private static String key(RuntimeException e, Exception cause) {
    if (e instanceof AggregatedOperatorException aggregated) {
      for (var entry : aggregated.getAggregatedExceptions().entrySet()) {
        if (entry.getValue() == cause) {
          return entry.getKey();
        }
      }
    }
    return "the reconciler";
  }
}
