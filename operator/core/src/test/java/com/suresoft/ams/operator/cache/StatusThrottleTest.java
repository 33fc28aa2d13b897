package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.status.Observation;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import com.suresoft.ams.operator.status.StatusAggregator;
import com.suresoft.ams.operator.status.WorkloadReadiness;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusThrottleTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final StatusThrottle throttle = new StatusThrottle(nanos::get);

  private static AmsInstance instance(String name, String uid) {
    var i = TestInstances.withSpec(name, "tier: Development\nversion: \"1.0.0\"\n");
    i.getMetadata().setGeneration(1L);
    i.getMetadata().setUid(uid);
    return i;
  }

  /** The status of a first install with {@code ready} app components up, at {@code version}. */
  private static AmsInstanceStatus installing(AmsInstance i, int ready, String version) {
    var components = new LinkedHashMap<Component, ComponentObservation>();
    int n = 0;
    for (var c : Component.APP_TIER) {
      int pods = n++ < ready ? 1 : 0;
      components.put(c, new ComponentObservation(new WorkloadReadiness(pods, 1, true), version));
    }
    var release = new ReleaseStatus();
    release.setStableVersion("1.0.0");
    release.setPhase(ReleasePhase.Stable);
    release.setActiveSlot(Slot.blue);
    var seen = new Observation(List.of(), false, components, List.of(), List.of(), release, null);
    return StatusAggregator.aggregate(i, seen, NOW);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void onlyPodCountsAndTheirMessagesAreProgress() {
    var i = instance("ams", "uid-1");
    var none = installing(i, 0, "1.0.0");
    i.setStatus(none);
    var one = installing(i, 1, "1.0.0");
    var all = installing(i, Component.APP_TIER.size(), "1.0.0");

    assertThat(StatusAggregator.same(none, one)).isFalse();
    assertThat(StatusAggregator.onlyProgress(none, one)).isTrue();
    // Every component ready: the phase and the Ready condition change.
    assertThat(StatusAggregator.onlyProgress(one, all)).isFalse();
    // Another version on the pods is news, not progress.
    assertThat(StatusAggregator.onlyProgress(one, installing(i, 1, "1.0.1"))).isFalse();
  }

  @Test
  void progressWithinTheIntervalIsHeldBackForWhatIsLeftOfIt() {
    var i = instance("ams", "uid-1");
    var none = installing(i, 0, "1.0.0");
    assertThat(throttle.holdBack(i, null, none)).as("the first status").isEmpty();
    throttle.written(i);
    i.setStatus(none);
    var one = installing(i, 1, "1.0.0");

    advance(Duration.ofMillis(300));
    assertThat(throttle.holdBack(i, none, one)).contains(Duration.ofMillis(700));
    assertThat(throttle.holdBack(i, none, installing(i, Component.APP_TIER.size(), "1.0.0")))
        .as("Ready is no mere progress")
        .isEmpty();
    assertThat(throttle.holdBack(i, none, installing(i, 0, "1.0.1"))).as("a version").isEmpty();

    advance(Duration.ofMillis(700));
    assertThat(throttle.holdBack(i, none, one)).as("once the interval is over").isEmpty();
  }

  @Test
  void eachInstanceHasItsOwnInterval() {
    var i = instance("ams", "uid-1");
    var none = installing(i, 0, "1.0.0");
    throttle.written(i);
    i.setStatus(none);
    var one = installing(i, 1, "1.0.0");
    advance(Duration.ofMillis(300));

    assertThat(throttle.holdBack(instance("other", "uid-2"), none, one)).isEmpty();
    // The same name, created again: a new instance.
    assertThat(throttle.holdBack(instance("ams", "uid-3"), none, one)).isEmpty();
    assertThat(throttle.holdBack(i, none, one)).isPresent();
  }
}
