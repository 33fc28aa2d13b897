package com.suresoft.ams.operator.runtime;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.List;

/**
 * A timer of one instance (one tagged with the instance's name: JOSDK's per-resource reconcile
 * timer, whose tag is {@code resource.name}) keeps its count, sum and maximum, and neither
 * percentiles nor a histogram.
 *
 * <p>Why: JOSDK registers its reconcile timer per instance with three client-side percentiles and a
 * percentile histogram. That is a rolling set of HdrHistograms per instance, about 20 KiB of heap
 * each (5 % of the heap per Production instance, BENCHMARKS.md #19), and some 70 bucket series per
 * instance for Prometheus to store: 70,000 at 1,000 instances, for latency quantiles of one object,
 * which nobody reads (controller-runtime keeps its histograms per controller). The counts per
 * instance, which the alerts read ({@code operator_sdk_reconciliations_*}), are counters and stay.
 */
final class InstanceTimers implements MeterFilter {

  /** JOSDK names the instance {@code resource.name} on its timers and {@code name} elsewhere. */
  private static final List<String> INSTANCE_TAGS = List.of("resource.name", "name");

  private static final DistributionStatisticConfig COUNT_SUM_AND_MAX =
      DistributionStatisticConfig.builder()
          .percentiles()
          .percentilesHistogram(false)
          .serviceLevelObjectives()
          .build();

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (id.getType() == Meter.Type.TIMER
        && INSTANCE_TAGS.stream().anyMatch(t -> id.getTag(t) != null)) {
      return COUNT_SUM_AND_MAX.merge(config);
    }
    return config;
  }
}
