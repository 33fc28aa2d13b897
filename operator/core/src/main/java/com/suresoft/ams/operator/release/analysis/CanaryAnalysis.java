package com.suresoft.ams.operator.release.analysis;

import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.release.AnalysisResult;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One metric check of the candidate: the error rate and P95 latency over the analysis interval,
 * against the spec's limits. The only I/O of a release decision, run by the caller when {@code
 * ReleasePlanner.analysisDue} says so; its result goes into the planner as data.
 *
 * <p>A check without data fails: a candidate that served no request in the window (or whose metrics
 * lack the {@link MetricScope} labels) has shown nothing, and promoting it on that basis would
 * defeat the analysis. A check that cannot run at all (Prometheus unreachable, a query error) is an
 * error, not a failure: it says nothing about the candidate, and the planner counts it against its
 * own limit. Its message is then one of {@link PrometheusError}'s fixed reasons.
 */
public final class CanaryAnalysis {
  private final PrometheusClient prometheus;

  public CanaryAnalysis(PrometheusClient prometheus) {
    this.prometheus = prometheus;
  }

  public AnalysisResult check(AnalysisSpec spec, MetricScope scope) throws InterruptedException {
    return check(spec, scope, Duration.ofSeconds(spec.getIntervalSeconds()));
  }

  /** As {@link #check(AnalysisSpec, MetricScope)} with an explicit query window. */
  public AnalysisResult check(AnalysisSpec spec, MetricScope scope, Duration window)
      throws InterruptedException {
    OptionalDouble errorRate;
    OptionalDouble p95;
    try {
      errorRate = prometheus.query(AnalysisQueries.errorRate(scope, window));
      p95 = prometheus.query(AnalysisQueries.p95Latency(scope, window));
    } catch (PrometheusError e) {
      // The fixed reason only: the status and Events are read by the team that chose the URL.
      return AnalysisResult.error(e.reason());
    }
    if (errorRate.isEmpty() || p95.isEmpty()) {
      return AnalysisResult.failed(
          "no request metrics for "
              + scope.component()
              + " "
              + scope.version()
              + " in slot "
              + scope.slot()
              + " over the last "
              + window.toSeconds()
              + " s");
    }
    double e = errorRate.getAsDouble();
    double l = p95.getAsDouble();
    boolean errorsOk = e <= spec.getMaxErrorRate();
    boolean latencyOk = l <= spec.getMaxP95LatencySeconds();
    String message =
        String.format(
            Locale.ROOT,
            "error rate %.4f %s %.4f, P95 %.3f s %s %.3f s",
            e,
            errorsOk ? "<=" : ">",
            spec.getMaxErrorRate(),
            l,
            latencyOk ? "<=" : ">",
            spec.getMaxP95LatencySeconds());
    return errorsOk && latencyOk ? AnalysisResult.passed(message) : AnalysisResult.failed(message);
  }
}
