package com.suresoft.ams.operator.dependent;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A failed write of one child, naming it, so that the status can say which object failed and why
 * while JOSDK retries. The detail is the API server's code and reason (e.g. {@code 422 Invalid}),
 * never the message, which for some errors quotes the object sent (a Secret's data).
 */
public final class ChildApplyException extends RuntimeException {
  private final String kind;
  private final String name;
  private final String detail;

  ChildApplyException(String kind, String name, RuntimeException cause) {
    super("could not apply " + kind + " " + name + ": " + detail(cause), cause);
    this.kind = kind;
    this.name = name;
    this.detail = detail(cause);
  }

  private static String detail(RuntimeException cause) {
    if (cause instanceof KubernetesClientException k) {
      String reason = k.getStatus() == null ? null : k.getStatus().getReason();
      return k.getCode() + (reason == null || reason.isBlank() ? "" : " " + reason);
    }
    return cause.getClass().getSimpleName();
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public String detail() {
    return detail;
  }
}
