package com.suresoft.ams.operator.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisQueriesTest {
  private static final MetricScope SCOPE = new MetricScope("ams", "prod", "api", "green", "1.1.0");
  private static final String SELECTOR =
      "namespace=\"ams\",app_kubernetes_io_instance=\"prod\",app_kubernetes_io_component=\"api\","
          + "ams_suresoft_com_slot=\"green\",app_kubernetes_io_version=\"1.1.0\"";

  @Test
  void errorRateIsTheShareOf5xxAmongAllRequestsOfTheCandidate() {
    assertThat(AnalysisQueries.errorRate(SCOPE, Duration.ofSeconds(60)))
        .isEqualTo(
            "sum(rate(http_requests_total{"
                + SELECTOR
                + ",status_code=~\"5..\"}[60s])) / sum(rate(http_requests_total{"
                + SELECTOR
                + "}[60s]))");
  }

  @Test
  void p95IsTheSeedsHistogramQuantileOfTheCandidate() {
    assertThat(AnalysisQueries.p95Latency(SCOPE, Duration.ofMinutes(2)))
        .isEqualTo(
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{"
                + SELECTOR
                + "}[120s])))");
  }

  @Test
  void labelValuesAreEscaped() {
    var odd = new MetricScope("ams", "a\"b", "api", "green", "1\\2");
    assertThat(AnalysisQueries.p95Latency(odd, Duration.ofSeconds(5)))
        .contains("app_kubernetes_io_instance=\"a\\\"b\"", "app_kubernetes_io_version=\"1\\\\2\"");
  }
}
