package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.status.StatusAggregator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Spaces out the status writes of an instance that only report progress.
 *
 * <p>Why: while an instance converges, every workload that gains ready pods brings a reconciliation
 * whose status differs from the last one only in pod counts (postgres 0/3 to 3/3) and the messages
 * that quote them ({@link StatusAggregator#onlyProgress}). Each such write costs the API server a
 * write of the whole instance, and every watcher of instances (Argo CD, Flux, the operator itself)
 * a copy of it. A change of that kind is written at most once per {@link #INTERVAL} per instance;
 * until then the reconciliation asks to run again when the interval ends, so counts are at most one
 * interval late. Every other change (phase, a condition's status or reason, versions, the release,
 * spec errors) is written at once, and so is the first status.
 *
 * <p>Measured in real time ({@link System#nanoTime()}), not with the reconciler's clock, which
 * tests stop: this is about the rate of writes, not about release timing.
 */
public final class StatusThrottle {

  /** The shortest time between two progress-only status writes of one instance. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  private final LongSupplier nanoTime;

  /**
   * When each instance's status was last written, keyed by uid: a re-created instance's first
   * status is not held back for its predecessor's. Invariant: only progress is ever held back, and
   * never longer than {@link #INTERVAL} ({@link #holdBack}).
   */
  private final InstanceMemo<String, Long> lastWrite = new InstanceMemo<>();

  public StatusThrottle() {
    this(System::nanoTime);
  }

  StatusThrottle(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Empty when {@code after} is to be written now; otherwise how long until this progress may be
   * written (the reconciliation is to run again then).
   */
  public Optional<Duration> holdBack(
      AmsInstance instance, AmsInstanceStatus before, AmsInstanceStatus after) {
    if (before == null || !StatusAggregator.onlyProgress(before, after)) {
      return Optional.empty();
    }
    return lastWrite
        .get(ResourceID.fromResource(instance), instance.getMetadata().getUid())
        .map(written -> INTERVAL.toNanos() - (nanoTime.getAsLong() - written))
        .filter(left -> left > 0)
        .map(Duration::ofNanos);
  }

  /** Records that the instance's status was just written. */
  public void written(AmsInstance instance) {
    lastWrite.put(
        ResourceID.fromResource(instance), instance.getMetadata().getUid(), nanoTime.getAsLong());
  }

  void forget(ResourceID instance) {
    lastWrite.forget(instance);
  }

  Set<ResourceID> instances() {
    return lastWrite.instances();
  }
}
