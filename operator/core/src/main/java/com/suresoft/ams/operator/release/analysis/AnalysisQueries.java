package com.suresoft.ams.operator.release.analysis;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The seed's two alert expressions, as PromQL scoped to the candidate: the share of 5xx responses
 * among all requests ({@code http_requests_total} with {@code status_code}), and the P95 of {@code
 * http_request_duration_seconds}. Pure: strings in, a string out.
 */
public final class AnalysisQueries {

  public static final String REQUESTS = "http_requests_total";
  public static final String DURATION_BUCKETS = "http_request_duration_seconds_bucket";

  private AnalysisQueries() {}

  /** Share (0-1) of requests answered with a 5xx over {@code window}. */
  public static String errorRate(MetricScope scope, Duration window) {
    String all = selector(scope.matchers(), "");
    String errors = selector(scope.matchers(), ",status_code=~\"5..\"");
    String range = "[" + window.toSeconds() + "s]";
    return "sum(rate("
        + REQUESTS
        + errors
        + range
        + ")) / sum(rate("
        + REQUESTS
        + all
        + range
        + "))";
  }

  /** P95 latency in seconds over {@code window}. */
  public static String p95Latency(MetricScope scope, Duration window) {
    return "histogram_quantile(0.95, sum by (le) (rate("
        + DURATION_BUCKETS
        + selector(scope.matchers(), "")
        + "["
        + window.toSeconds()
        + "s])))";
  }

  private static String selector(Map<String, String> matchers, String extra) {
    return matchers.entrySet().stream()
            .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
            .collect(Collectors.joining(",", "{", ""))
        + extra
        + "}";
  }

  /** PromQL string literals escape backslashes and double quotes. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
