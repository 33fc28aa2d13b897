package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 * Rows of deleted instances go away with the next reconcile of any instance. The rows are
 * registered again only when one of them changed.
 *
 * <p>Here with the status it publishes, not in {@code runtime} with the metrics endpoint: the
 * reconciler feeds it, and {@code runtime} starts the reconciler, so a sink there made the two
 * packages depend on each other.
 */
public final class ReleaseGauges {

  /** Takes every instance the reconciler knows and the status it just wrote for one of them. */
  public interface Sink {
    void update(AmsInstance reconciled, Collection<AmsInstance> known);

    Sink NOOP = (reconciled, known) -> {};
  }

  private ReleaseGauges() {}

  /** A sink that publishes the gauges in {@code registry}. */
  public static Sink micrometer(MeterRegistry registry) {
    var weight =
        MultiGauge.builder("ams.release.canary.weight.percent")
            .description("Percent of user traffic on the release candidate")
            .register(registry);
    var phase =
        MultiGauge.builder("ams.release.phase")
            .description("1 for the release's current phase, 0 for the others")
            .register(registry);
    var failures =
        MultiGauge.builder("ams.release.analysis.failures")
            .description("Failed metric checks of the current release")
            .register(registry);
    Map<String, Row> last = new ConcurrentHashMap<>();
    return (reconciled, known) -> {
      var present = new java.util.HashSet<String>();
      for (AmsInstance i : known) {
        present.add(key(i));
      }
      present.add(key(reconciled));
      boolean changed = last.keySet().retainAll(present);
      var release = reconciled.getStatus() == null ? null : reconciled.getStatus().getRelease();
      if (release != null) {
        var row = Row.of(release);
        changed |= !row.equals(last.put(key(reconciled), row));
      }
      if (!changed) {
        // Most reconciliations change no row. Registering every instance's rows again on each
        // one cost a pass over all instances' rows per reconciliation.
        return;
      }
      // One registration at a time, each from the rows as they are then: the last one to run has
      // every change before it, so a slower thread cannot leave an older picture registered.
      synchronized (last) {
        var weights = new ArrayList<MultiGauge.Row<?>>();
        var phases = new ArrayList<MultiGauge.Row<?>>();
        var failed = new ArrayList<MultiGauge.Row<?>>();
        last.forEach(
            (k, r) -> {
              var tags =
                  Tags.of(
                      "namespace",
                      k.substring(0, k.indexOf('/')),
                      "name",
                      k.substring(k.indexOf('/') + 1));
              weights.add(MultiGauge.Row.of(tags, r.weight()));
              for (ReleasePhase p : ReleasePhase.values()) {
                phases.add(MultiGauge.Row.of(tags.and("phase", p.name()), p == r.phase() ? 1 : 0));
              }
              failed.add(MultiGauge.Row.of(tags, r.failures()));
            });
        weight.register(weights, true);
        phase.register(phases, true);
        failures.register(failed, true);
      }
    };
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

  private static String key(AmsInstance i) {
    return i.getMetadata().getNamespace() + "/" + i.getMetadata().getName();
  }
}
