package com.suresoft.ams.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link RequestInterceptor} decided: let the request through, answer it with a canned
 * response, and/or delay the answer.
 *
 * <p>A delay holds back the response body only: a write that proceeds after a delay has already
 * taken effect when the client is still waiting, like a slow network on the way back.
 */
public final class Interception {

  private static final Interception PROCEED = new Interception(null, null, Map.of(), null);

  private final Integer status;
  private final String body;
  private final Map<String, String> headers;
  private final Duration delay;

  private Interception(Integer status, String body, Map<String, String> headers, Duration delay) {
    this.status = status;
    this.body = body;
    this.headers = Map.copyOf(headers);
    this.delay = delay;
  }

  /** Let the request through. */
  public static Interception proceed() {
    return PROCEED;
  }

  /** Let the request through, but hold the response back for {@code delay}. */
  public static Interception delayThenProceed(Duration delay) {
    return new Interception(null, null, Map.of(), delay);
  }

  /** Answer with this status code and JSON body instead of handling the request. */
  public static Interception respond(int status, String jsonBody) {
    return new Interception(status, jsonBody, Map.of(), null);
  }

  /**
   * Answer with a Kubernetes {@code Status} object, as the API server does for errors, e.g. {@code
   * respondWithStatus(503, "ServiceUnavailable", "etcd is down")}.
   */
  public static Interception respondWithStatus(int code, String reason, String message) {
    return respond(code, StatusBodies.failure(code, reason, message));
  }

  /** The same decision with an extra response header, e.g. {@code Retry-After}. */
  public Interception withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Interception(status, body, copy, delay);
  }

  /** The same decision, answered after {@code newDelay}. */
  public Interception withDelay(Duration newDelay) {
    return new Interception(status, body, headers, newDelay);
  }

  public boolean proceeds() {
    return status == null;
  }

  public Optional<Integer> status() {
    return Optional.ofNullable(status);
  }

  public Optional<String> body() {
    return Optional.ofNullable(body);
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Optional<Duration> delay() {
    return Optional.ofNullable(delay);
  }

  /** True when this decision changes nothing about the request. */
  boolean isPlainProceed() {
    return status == null && delay == null && headers.isEmpty();
  }
}
