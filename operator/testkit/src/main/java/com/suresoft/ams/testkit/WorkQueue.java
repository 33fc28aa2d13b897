package com.suresoft.ams.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller work queue with one worker: informer events enqueue keys, a key waiting in the queue
 * is not added twice, and a failed reconcile is retried with capped exponential backoff (conflicts
 * and injected faults are expected, busy loops are not). A reconcile that waits for time to pass (a
 * pod due to become ready later) asks to be enqueued again then, like a controller's {@code
 * AddAfter}; until then the key is not in the queue.
 */
final class WorkQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(50);
  private static final Duration LAST_RETRY = Duration.ofSeconds(5);

  private final ScheduledExecutorService worker;
  private final Consumer<ObjectKey> reconciler;
  private final Set<ObjectKey> queued = ConcurrentHashMap.newKeySet();
  private final Map<ObjectKey, Integer> failures = new ConcurrentHashMap<>();

  /** The earliest pending wake-up per key, in {@link System#nanoTime()}. */
  private final Map<ObjectKey, Long> wakeUps = new ConcurrentHashMap<>();

  private final AtomicLong processed = new AtomicLong();

  WorkQueue(String threadName, Consumer<ObjectKey> reconciler) {
    this.reconciler = reconciler;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
  }

  void enqueue(ObjectKey key) {
    if (queued.add(key)) {
      try {
        worker.execute(() -> process(key));
      } catch (RejectedExecutionException closed) {
        queued.remove(key);
      }
    }
  }

  /**
   * Enqueues {@code key} once {@code delay} has passed. A wake-up already due no later is enough:
   * reconciles that wait for the same moment do not pile up timers.
   */
  void enqueueAfter(ObjectKey key, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      enqueue(key);
      return;
    }
    long due = System.nanoTime() + delay.toNanos();
    boolean[] schedule = {false};
    wakeUps.compute(
        key,
        (k, pending) -> {
          if (pending != null && pending - due <= 0) {
            return pending;
          }
          schedule[0] = true;
          return due;
        });
    if (schedule[0]) {
      try {
        worker.schedule(
            () -> {
              wakeUps.remove(key, due);
              enqueue(key);
            },
            delay.toNanos(),
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        wakeUps.remove(key, due);
      }
    }
  }

  /**
   * Runs {@code command} on the worker after what is queued now, so that state only the worker
   * touches can change without locks.
   */
  void execute(Runnable command) {
    try {
      worker.execute(
          () -> {
            try {
              command.run();
            } catch (RuntimeException e) {
              LOG.warn("A command on the work queue failed", e);
            }
          });
    } catch (RejectedExecutionException closed) {
      // Shutting down: nothing left to change.
    }
  }

  private void process(ObjectKey key) {
    queued.remove(key);
    processed.incrementAndGet();
    try {
      reconciler.accept(key);
      failures.remove(key);
    } catch (RuntimeException e) {
      if (!worker.isShutdown()) {
        retryLater(key, e);
      }
    }
  }

  void retryLater(ObjectKey key, RuntimeException cause) {
    int attempt = failures.merge(key, 1, Integer::sum);
    long delay =
        Math.min(FIRST_RETRY.toMillis() << Math.min(attempt - 1, 10), LAST_RETRY.toMillis());
    LOG.debug("Reconciling {} failed (attempt {}), retrying in {} ms", key, attempt, delay, cause);
    try {
      worker.schedule(() -> enqueue(key), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // Shutting down: nothing left to retry for.
    }
  }

  /** Runs {@code task} on the worker once everything queued before it has been processed. */
  <T> T runAfterQueuedWork(Callable<T> task, Duration timeout) {
    try {
      return worker.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the work queue", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the work queue did not catch up within " + timeout, e);
    }
  }

  /** Keys waiting to be reconciled now (not those due later). */
  int waiting() {
    return queued.size();
  }

  /** Keys taken from the queue and reconciled (successfully or not) so far. */
  long processed() {
    return processed.get();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
