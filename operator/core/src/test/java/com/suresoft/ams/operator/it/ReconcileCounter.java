package com.suresoft.ams.operator.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts finished reconciliations, so tests can wait for N more of them. */
public final class ReconcileCounter implements Metrics {
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong firstFinishedNanos = new AtomicLong();

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    firstFinishedNanos.compareAndSet(0, System.nanoTime());
    finished.incrementAndGet();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    failed.incrementAndGet();
  }

  public long finished() {
    return finished.get();
  }

  public long failed() {
    return failed.get();
  }

  /** {@link System#nanoTime()} when the first reconciliation finished; 0 before that. */
  public long firstFinishedNanos() {
    return firstFinishedNanos.get();
  }
}
