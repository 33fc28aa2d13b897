package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.dependent.ChildApplyException;
import com.suresoft.ams.operator.status.ChildIssue;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An exception as the status may show it: its class and message, never a secret. The API server's
 * errors are told by code, reason and object only (as {@link ChildIssue} does): their messages can
 * quote the object sent, a Secret's data among them. Any other message has the credentials of URLs
 * and the values of the instance's Secrets replaced, and is cut to one line of {@link #MAX}
 * characters.
 */
final class ErrorMessage {
  static final String REDACTED = "<redacted>";
  static final int MAX = 1024;

  /** Shorter values ("true", a port) would blank out ordinary words and say nothing secret. */
  private static final int SHORTEST_SECRET = 6;

  /** {@code scheme://user:password@host}: the user and password. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/\\s@]+@");

  /** fabric8's description of a failed request: its method and URL. */
  private static final Pattern FAILED_REQUEST =
      Pattern.compile("Failure executing: ([A-Z]+) at: (\\S+)");

  private ErrorMessage() {}

  /** {@code secretValues}: the values of the Secrets the instance uses, as stored and decoded. */
  static String of(Throwable e, Collection<String> secretValues) {
    String text = redacted(describe(e), secretValues).replaceAll("\\s+", " ").strip();
    return text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text;
  }

  private static String describe(Throwable e) {
    if (e instanceof AggregatedOperatorException aggregated) {
      return name(e)
          + ": could not apply "
          + FailedWrites.of(aggregated).stream()
              .map(c -> c.object() + " (" + c.detail() + ")")
              .collect(Collectors.joining(", "));
    }
    var child = find(e, ChildApplyException.class);
    if (child != null) {
      // Kind, name, code and reason only, by construction.
      return name(child) + ": " + child.getMessage();
    }
    var api = find(e, KubernetesClientException.class);
    if (api != null && api.getStatus() != null) {
      var status = api.getStatus();
      var details = status.getDetails();
      return name(api)
          + ": "
          + api.getCode()
          + " "
          + Objects.requireNonNullElse(status.getReason(), "")
          + (details != null && details.getName() != null
              ? " (" + details.getKind() + " " + details.getName() + ")"
              : request(api).map(r -> " (" + r + ")").orElse(""));
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return name(e) + (t == e ? "" : " (" + name(t) + ")") + ": " + t.getMessage();
      }
    }
    return name(e);
  }

  /**
   * The method and path of the request that failed, from fabric8's message ({@code Failure
   * executing: GET at: https://host/api/v1/namespaces/ams/secrets/my-db. Message: ...}): which
   * object, when the API server's answer does not say. The path only: no host, no query.
   */
  private static Optional<String> request(KubernetesClientException e) {
    var m = e.getMessage() == null ? null : FAILED_REQUEST.matcher(e.getMessage());
    if (m == null || !m.find()) {
      return Optional.empty();
    }
    try {
      String path = URI.create(m.group(2).replaceAll("\\.$", "")).getPath();
      return path == null || path.isEmpty()
          ? Optional.empty()
          : Optional.of(m.group(1) + " " + path);
    } catch (IllegalArgumentException notAUri) {
      return Optional.empty();
    }
  }

  private static String redacted(String text, Collection<String> secretValues) {
    String result = URL_CREDENTIALS.matcher(text).replaceAll(REDACTED + "@");
    // Longest first, so that a value that contains another is replaced whole.
    var values =
        secretValues.stream()
            .filter(v -> v != null && v.length() >= SHORTEST_SECRET)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    for (String value : values) {
      result = result.replace(value, REDACTED);
    }
    return result;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String name(Throwable t) {
    return t.getClass().getSimpleName();
  }
}
