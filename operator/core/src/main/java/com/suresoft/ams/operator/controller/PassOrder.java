package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The order in which waiting passes run: those of instances the operator already runs before the
 * first passes of new ones, and in the order they came within each. JOSDK queues passes in the
 * order their events came; when a hundred instances are created at once, their first passes (every
 * object built and applied, certificates issued) fill the queue, and the pass that would start an
 * existing instance's migration, move its release on or apply its app tier once its data tier is
 * ready waited behind all of them: in a burst of 200 that was 7 to 12 s of the median instance's
 * time (BENCHMARKS.md, session 18). A first pass can wait: nothing of its instance runs yet.
 *
 * <p>The rank is taken where JOSDK hands a pass to its executor: {@link
 * Metrics#reconcileCustomResource} is "called right before a resource is dispatched to the
 * ExecutorService for reconciliation", on the thread that dispatches it, so {@link #metrics} notes
 * the instance's rank there and {@link #reconcilePool}'s {@code execute} takes it. A pass runs its
 * dependents on the workflow pool; the tasks it submits there carry its rank ({@link
 * #workflowPool}), so that they do not wait behind the first passes' dependents either. Work that
 * comes with no rank runs as an instance's.
 */
public final class PassOrder {

  /** An instance the operator has reported on (it has a status with an observed generation). */
  static final int RUNNING = 0;

  /** An instance the operator has not reported on yet: its passes are first passes. */
  static final int NEW = 1;

  /** The rank of the pass JOSDK is about to hand to the reconcile pool from this thread. */
  private static final ThreadLocal<Integer> DISPATCHING = new ThreadLocal<>();

  /** The rank of the pass (or of its dependent) running on this thread. */
  private static final ThreadLocal<Integer> RUNNING_RANK = new ThreadLocal<>();

  private PassOrder() {}

  /**
   * {@link #NEW} for an instance the operator has not reported on yet (no observed generation in
   * its status) and not being deleted; {@link #RUNNING} for anything else.
   */
  static int rankOf(HasMetadata resource) {
    if (resource instanceof AmsInstance instance
        && instance.getMetadata().getDeletionTimestamp() == null
        && (instance.getStatus() == null || instance.getStatus().getObservedGeneration() == null)) {
      return NEW;
    }
    return RUNNING;
  }

  /** The rank of the work running on this thread ({@link #RUNNING} outside the pools). */
  static int runningRank() {
    Integer rank = RUNNING_RANK.get();
    return rank == null ? RUNNING : rank;
  }

  /** {@code delegate}, noting the rank of each pass as JOSDK dispatches it. */
  public static Metrics metrics(Metrics delegate) {
    return new RankingMetrics(delegate);
  }

  /** The pool of reconciliation passes, in {@link PassOrder}. */
  public static ExecutorService reconcilePool(int threads) {
    return new RankedPool(
        threads,
        "ams-reconcile-",
        () -> {
          Integer rank = DISPATCHING.get();
          DISPATCHING.remove();
          return rank == null ? RUNNING : rank;
        });
  }

  /** The pool of the passes' dependents, each task in the rank of the pass that submitted it. */
  public static ExecutorService workflowPool(int threads) {
    return new RankedPool(threads, "ams-workflow-", PassOrder::runningRank);
  }

  /** A task with its rank and its place in the order of submission. */
  private record Ranked(Runnable task, int rank, long sequence)
      implements Runnable, Comparable<Ranked> {
    @Override
    public void run() {
      RUNNING_RANK.set(rank);
      try {
        task.run();
      } finally {
        RUNNING_RANK.remove();
      }
    }

    @Override
    public int compareTo(Ranked other) {
      return rank != other.rank
          ? Integer.compare(rank, other.rank)
          : Long.compare(sequence, other.sequence);
    }
  }

  /**
   * A fixed pool whose queue hands out the lowest rank first, in order of submission within a rank.
   * Every task goes through {@code execute} ({@code submit} wraps it in a future first), where it
   * is ranked.
   */
  static final class RankedPool extends ThreadPoolExecutor {
    private final IntSupplier rankOfSubmission;
    private final AtomicLong sequence = new AtomicLong();

    RankedPool(int threads, String namePrefix, IntSupplier rankOfSubmission) {
      super(
          threads,
          threads,
          0,
          TimeUnit.MILLISECONDS,
          new PriorityBlockingQueue<>(),
          named(namePrefix));
      this.rankOfSubmission = rankOfSubmission;
    }

    @Override
    public void execute(Runnable command) {
      super.execute(new Ranked(command, rankOfSubmission.getAsInt(), sequence.getAndIncrement()));
    }

    private static ThreadFactory named(String prefix) {
      var count = new AtomicInteger();
      return runnable -> new Thread(runnable, prefix + count.incrementAndGet());
    }
  }

  /** Forwards everything; notes the rank of a pass about to be dispatched. */
  private record RankingMetrics(Metrics delegate) implements Metrics {
    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
      delegate.controllerRegistered(controller);
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
      delegate.receivedEvent(event, metadata);
    }

    @Override
    public void reconcileCustomResource(
        HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
      DISPATCHING.set(rankOf(resource));
      delegate.reconcileCustomResource(resource, retryInfo, metadata);
    }

    @Override
    public void failedReconciliation(
        HasMetadata resource, Exception exception, Map<String, Object> metadata) {
      delegate.failedReconciliation(resource, exception, metadata);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
      delegate.reconciliationExecutionStarted(resource, metadata);
    }

    @Override
    public void reconciliationExecutionFinished(
        HasMetadata resource, Map<String, Object> metadata) {
      delegate.reconciliationExecutionFinished(resource, metadata);
    }

    @Override
    public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
      delegate.cleanupDoneFor(resourceID, metadata);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
      delegate.finishedReconciliation(resource, metadata);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
      return delegate.timeControllerExecution(execution);
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
      return delegate.monitorSizeOf(map, name);
    }
  }
}
