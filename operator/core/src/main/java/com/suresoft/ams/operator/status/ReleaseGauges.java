package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Release metrics per instance, from {@code status.release} as the reconciler last wrote it:
 *
 * <ul>
 *   <li>{@code ams_release_canary_weight_percent{namespace,name}}: the candidate's share of traffic
 *       (0 between releases);
 *   <li>{@code ams_release_phase{namespace,name,phase}}: 1 for the current phase, 0 for the others
 *       (so {@code ams_release_phase{phase="Aborted"} == 1} is an alert);
 *   <li>{@code ams_release_analysis_failures{namespace,name}}: failed metric checks of the current
 *       release.
 * </ul>
 *
 * Each instance's gauges are registered once, when its first release status is published, and read
 * the instance's latest values from then on; a change is one write of those values. The gauges of
 * deleted instances are removed at the first publication after a sweep interval (a second in the
 * operator), so a deleted instance's {@code Aborted} does not outlive it.
 *
 * <p>Why not one {@code MultiGauge} whose rows are registered again: that re-registered every
 * instance's rows whenever one changed, and during a fleet's convergence one changes at almost
 * every reconciliation: 16 % of the operator's CPU at 200 Production instances, growing with the
 * square of the fleet (BENCHMARKS.md, #19).
 *
 * <p>Here with the status it publishes, not in {@code runtime} with the metrics endpoint: the
 * reconciler feeds it, and {@code runtime} starts the reconciler, so a sink there made the two
 * packages depend on each other.
 */
public final class ReleaseGauges {

  /**
   * Takes the status the reconciler just wrote for one instance, and which instances exist (to drop
   * the gauges of those deleted).
   */
  public interface Sink {
    void update(AmsInstance reconciled, Predicate<ResourceID> exists);

    Sink NOOP = (reconciled, exists) -> {};
  }

  /** How often the operator looks for the gauges of deleted instances. */
  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  private ReleaseGauges() {}

  /** A sink that publishes the gauges in {@code registry}. */
  public static Sink micrometer(MeterRegistry registry) {
    return micrometer(registry, SWEEP_INTERVAL, System::nanoTime);
  }

  /** With the sweep's interval and clock ({@link System#nanoTime()} in the operator) given. */
  static Sink micrometer(MeterRegistry registry, Duration sweepInterval, LongSupplier nanoTime) {
    Map<ResourceID, InstanceGauges> gauges = new ConcurrentHashMap<>();
    var nextSweep = new AtomicLong(nanoTime.getAsLong());
    return (reconciled, exists) -> {
      long now = nanoTime.getAsLong();
      long due = nextSweep.get();
      if (now - due >= 0 && nextSweep.compareAndSet(due, now + sweepInterval.toNanos())) {
        gauges
            .entrySet()
            .removeIf(
                e -> {
                  boolean deleted = !exists.test(e.getKey());
                  if (deleted) {
                    e.getValue().meters.forEach(registry::remove);
                  }
                  return deleted;
                });
      }
      var release = reconciled.getStatus() == null ? null : reconciled.getStatus().getRelease();
      if (release != null) {
        gauges
            .computeIfAbsent(
                ResourceID.fromResource(reconciled), id -> InstanceGauges.register(registry, id))
            .row
            .set(Row.of(release));
      }
    };
  }

  /** One instance's gauges and the values they read. */
  private record InstanceGauges(AtomicReference<Row> row, List<Meter> meters) {
    static InstanceGauges register(MeterRegistry registry, ResourceID id) {
      var row = new AtomicReference<>(new Row(0, null, 0));
      var tags = Tags.of("namespace", id.getNamespace().orElse(""), "name", id.getName());
      var meters = new ArrayList<Meter>();
      meters.add(
          Gauge.builder("ams.release.canary.weight.percent", row, r -> r.get().weight())
              .description("Percent of user traffic on the release candidate")
              .tags(tags)
              .register(registry));
      for (ReleasePhase p : ReleasePhase.values()) {
        meters.add(
            Gauge.builder("ams.release.phase", row, r -> r.get().phase() == p ? 1 : 0)
                .description("1 for the release's current phase, 0 for the others")
                .tags(tags.and("phase", p.name()))
                .register(registry));
      }
      meters.add(
          Gauge.builder("ams.release.analysis.failures", row, r -> r.get().failures())
              .description("Failed metric checks of the current release")
              .tags(tags)
              .register(registry));
      return new InstanceGauges(row, List.copyOf(meters));
    }
  }

  /** One instance's values. */
  private record Row(int weight, ReleasePhase phase, int failures) {
    static Row of(ReleaseStatus r) {
      return new Row(
          Objects.requireNonNullElse(r.getCanaryWeight(), 0),
          r.getPhase(),
          Objects.requireNonNullElse(r.getAnalysisFailures(), 0));
    }
  }
}
