package com.suresoft.ams.operator.release.analysis;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.release.AnalysisResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * One metric check of a canary's candidate, run off the reconcile threads by {@link
 * BackgroundChecks} when {@code ReleasePlanner.analysisDue} says so; it may block (on the network)
 * for a few seconds. An interface so that harness tests can decide outcomes; the operator uses
 * {@link #prometheus()}.
 */
@FunctionalInterface
public interface CandidateCheck {

  AnalysisResult check(InstanceModel m, ReleaseStatus release) throws InterruptedException;

  /**
   * The seed's error-rate and P95 expressions against {@code analysis.prometheusUrl}, scoped to the
   * candidate API's slot and version (the API serves the requests those metrics count).
   */
  static CandidateCheck prometheus() {
    // Short: a check runs on the operator's analysis threads (BackgroundChecks), and a URL that
    // never answers should cost one of them a few seconds, not a release's whole interval.
    return prometheus(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  /**
   * As {@link #prometheus()}, connecting within {@code connect}, each query within {@code timeout}.
   */
  static CandidateCheck prometheus(Duration connect, Duration timeout) {
    // One HTTP client for every instance and check: it holds the connection pool and threads.
    HttpClient http = PrometheusClient.httpClient(connect);
    return (m, release) -> {
      var analysis = m.spec().getRelease().getCanary().getAnalysis();
      var scope =
          new MetricScope(
              m.namespace(),
              m.name(),
              Component.API.label(),
              release.getActiveSlot().other().name(),
              release.getCandidateVersion());
      var client = new PrometheusClient(URI.create(analysis.getPrometheusUrl()), http, timeout);
      return new CanaryAnalysis(client).check(analysis, scope);
    };
  }
}
