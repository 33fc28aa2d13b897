package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReleaseGaugesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Sweeps at every update, so that a deletion shows at once. */
  private final ReleaseGauges.Sink gauges =
      ReleaseGauges.micrometer(registry, Duration.ZERO, System::nanoTime);

  private static AmsInstance at(String name, ReleasePhase phase, Integer weight, Integer failures) {
    var i = TestInstances.withSpec(name, "tier: Development\nversion: \"1.1.0\"\n");
    var r = new ReleaseStatus();
    r.setPhase(phase);
    r.setCanaryWeight(weight);
    r.setAnalysisFailures(failures);
    var s = new AmsInstanceStatus();
    s.setRelease(r);
    i.setStatus(s);
    return i;
  }

  /** As the operator's primary cache answers, holding {@code instances}. */
  private static Predicate<ResourceID> existing(AmsInstance... instances) {
    var ids = Arrays.stream(instances).map(ResourceID::fromResource).collect(Collectors.toSet());
    return ids::contains;
  }

  private Double gauge(String metric, String name, String... moreTags) {
    var search = registry.find(metric).tag("namespace", "ams").tag("name", name);
    for (int k = 0; k < moreTags.length; k += 2) {
      search = search.tag(moreTags[k], moreTags[k + 1]);
    }
    var g = search.gauge();
    return g == null ? null : g.value();
  }

  @Test
  void weightPhaseAndFailuresPerInstance() {
    var canary = at("shop", ReleasePhase.Paused, 10, 1);
    gauges.update(canary, existing(canary));
    assertThat(gauge("ams.release.canary.weight.percent", "shop")).isEqualTo(10.0);
    assertThat(gauge("ams.release.phase", "shop", "phase", "Paused")).isEqualTo(1.0);
    assertThat(gauge("ams.release.phase", "shop", "phase", "Stable")).isEqualTo(0.0);
    assertThat(gauge("ams.release.analysis.failures", "shop")).isEqualTo(1.0);

    var stable = at("shop", ReleasePhase.Stable, null, null);
    gauges.update(stable, existing(stable));
    assertThat(gauge("ams.release.canary.weight.percent", "shop")).isEqualTo(0.0);
    assertThat(gauge("ams.release.phase", "shop", "phase", "Stable")).isEqualTo(1.0);
  }

  @Test
  void aDeletedInstanceLosesItsRows() {
    var a = at("a", ReleasePhase.Paused, 50, 0);
    var b = at("b", ReleasePhase.Stable, null, null);
    gauges.update(a, existing(a, b));
    gauges.update(b, existing(a, b));
    assertThat(gauge("ams.release.canary.weight.percent", "a")).isEqualTo(50.0);
    gauges.update(b, existing(b));
    assertThat(gauge("ams.release.canary.weight.percent", "a")).isNull();
    assertThat(gauge("ams.release.canary.weight.percent", "b")).isEqualTo(0.0);
  }

  @Test
  void rowsAreRegisteredAgainOnlyWhenOneChanged() {
    var a = at("a", ReleasePhase.Paused, 50, 0);
    gauges.update(a, existing(a));
    var registered = registry.find("ams.release.canary.weight.percent").tag("name", "a").gauge();

    gauges.update(at("a", ReleasePhase.Paused, 50, 0), existing(a));
    assertThat(registry.find("ams.release.canary.weight.percent").tag("name", "a").gauge())
        .isSameAs(registered);

    gauges.update(at("a", ReleasePhase.Paused, 60, 0), existing(a));
    assertThat(gauge("ams.release.canary.weight.percent", "a")).isEqualTo(60.0);
    assertThat(registry.find("ams.release.canary.weight.percent").tag("name", "a").gauge())
        .isSameAs(registered);
  }

  @Test
  void theOperatorsSinkDropsADeletedInstanceAtItsNextSweep() {
    var clock = new AtomicLong();
    var sink = ReleaseGauges.micrometer(registry, Duration.ofSeconds(1), clock::get);
    var a = at("a", ReleasePhase.Aborted, 0, 3);
    var b = at("b", ReleasePhase.Stable, null, null);
    sink.update(a, existing(a, b));
    sink.update(b, existing(b));
    // Within the interval the deleted instance's gauges stay; after it they go.
    assertThat(gauge("ams.release.phase", "a", "phase", "Aborted")).isEqualTo(1.0);
    clock.addAndGet(Duration.ofMillis(999).toNanos());
    sink.update(b, existing(b));
    assertThat(gauge("ams.release.phase", "a", "phase", "Aborted")).isEqualTo(1.0);
    clock.addAndGet(Duration.ofMillis(1).toNanos());
    sink.update(b, existing(b));
    assertThat(registry.find("ams.release.phase").tag("name", "a").gauges()).isEmpty();
    assertThat(gauge("ams.release.phase", "b", "phase", "Stable")).isEqualTo(1.0);
  }
}
