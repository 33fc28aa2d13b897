package com.suresoft.ams.operator.release.analysis;

import java.io.IOException;

/**
 * Why a Prometheus query could not be answered, as a fixed reason only: {@code
 * PrometheusUnreachable}, {@code PrometheusHTTPError <status>} or {@code QueryFailed}. The reason
 * reaches the instance's status and Events, which the team that wrote the URL reads; the remote
 * server's body and the exception text stay out of them, or a URL pointed at an internal address
 * would turn the operator into a port scanner that reports what it found.
 */
public final class PrometheusError extends IOException {
  public static final String UNREACHABLE = "PrometheusUnreachable";
  public static final String HTTP_ERROR = "PrometheusHTTPError";
  public static final String QUERY_FAILED = "QueryFailed";

  private final String reason;

  PrometheusError(String reason) {
    super(reason);
    this.reason = reason;
  }

  static PrometheusError unreachable() {
    return new PrometheusError(UNREACHABLE);
  }

  static PrometheusError httpError(int status) {
    return new PrometheusError(HTTP_ERROR + " " + status);
  }

  static PrometheusError queryFailed() {
    return new PrometheusError(QUERY_FAILED);
  }

  /** The fixed reason, safe to show to the instance's team. */
  public String reason() {
    return reason;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // A reason, not a fault: the stack says nothing the reason does not.
    return this;
  }
}
