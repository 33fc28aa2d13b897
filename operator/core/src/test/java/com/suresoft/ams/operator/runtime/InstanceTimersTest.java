package com.suresoft.ams.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A timer per instance is a count, a sum and a maximum; one per controller keeps its histogram. */
class InstanceTimersTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  {
    registry.config().meterFilter(new InstanceTimers());
  }

  @Test
  void anInstancesTimerHasNoPercentilesAndNoHistogram() {
    // As JOSDK's per-resource metrics register their reconcile timer.
    josdkStyleTimer(
            "operator.sdk.controllers.execution.reconcile",
            "resource.name",
            "shop",
            "resource.namespace",
            "team-a")
        .record(Duration.ofMillis(40));
    Counter.builder("operator.sdk.reconciliations.success")
        .tags("name", "shop", "namespace", "team-a")
        .register(registry)
        .increment();

    String scrape = registry.scrape();

    assertThat(scrape)
        .containsPattern(
            "(?m)^operator_sdk_controllers_execution_reconcile_seconds_count\\{[^}]*resource_name=\"shop\"[^}]*\\} 1")
        .containsPattern("(?m)^operator_sdk_controllers_execution_reconcile_seconds_sum\\{")
        .containsPattern("(?m)^operator_sdk_controllers_execution_reconcile_seconds_max\\{")
        .containsPattern("(?m)^operator_sdk_reconciliations_success_total\\{[^}]*name=\"shop\"")
        .doesNotContain("operator_sdk_controllers_execution_reconcile_seconds_bucket")
        .doesNotContain("quantile=");
  }

  @Test
  void aTimerOfNoInstanceKeepsItsHistogram() {
    josdkStyleTimer("operator.sdk.controllers.execution.reconcile", "controller", "ams")
        .record(Duration.ofMillis(40));

    assertThat(registry.scrape())
        .contains("operator_sdk_controllers_execution_reconcile_seconds_bucket");
  }

  private Timer josdkStyleTimer(String name, String... tags) {
    return Timer.builder(name)
        .tags(tags)
        .publishPercentiles(0.3, 0.5, 0.95)
        .publishPercentileHistogram()
        .register(registry);
  }
}
