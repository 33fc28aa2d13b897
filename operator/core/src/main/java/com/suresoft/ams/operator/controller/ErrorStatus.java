package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.operator.status.StatusAggregator;
import com.suresoft.ams.operator.status.TransitionEvents;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.time.Clock;
import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pass that threw leaves in the status ({@link AmsInstanceReconciler#updateErrorStatus}).
 * Without it an exception left the status as the last successful pass wrote it, saying Ready while
 * nothing was reconciled. Now the Ready condition is False with reason {@link
 * Reasons#RECONCILE_ERROR} and a message naming the exception (no secret in it: {@link
 * ErrorMessage}), with a Warning Event ({@link TransitionEvents}); the next pass that succeeds
 * replaces the condition. A failed write that the pass's own status names already ({@code
 * ApplyFailed}) is left so. Either way JOSDK retries with backoff: the control never says
 * otherwise.
 */
final class ErrorStatus {
  private static final Logger log = LoggerFactory.getLogger(ErrorStatus.class);

  /** The key under which a pass leaves the failure its status names, in the workflow context. */
  private static final String REPORTED = ErrorStatus.class.getName() + ".reported";

  private final TransitionEvents events;
  private final Clock clock;

  ErrorStatus(TransitionEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * {@code failure}, noted as named by the status when {@code named} (the status on the server is
   * the pass's, which names it), so that {@link #update} leaves that status as it is. JOSDK hands
   * the same context to the error handler.
   */
  static RuntimeException reported(
      Context<AmsInstance> context, RuntimeException failure, boolean named) {
    if (named) {
      context.managedWorkflowAndDependentResourceContext().put(REPORTED, failure);
    }
    return failure;
  }

  /** Whether the pass that threw {@code e} named it in its status already. */
  static boolean wasReported(Context<AmsInstance> context, Exception e) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(REPORTED, RuntimeException.class)
        .filter(reported -> reported == e)
        .isPresent();
  }

  /**
   * Writes the error into the status unless the pass named it already, the instance's stored status
   * could not be read (one written now would replace it), or the operator is stopping. Never stops
   * the retry.
   */
  ErrorStatusUpdateControl<AmsInstance> update(
      AmsInstance instance,
      Exception e,
      boolean reported,
      Supplier<Collection<String>> secretValues,
      StatusWriter writer) {
    if (reported || interrupted(e) || Report.statusLost(instance)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    var before = instance.getStatus();
    var after =
        StatusAggregator.reconcileError(
            instance, ErrorMessage.of(e, secretValues.get()), clock.instant());
    if (before == null || !StatusAggregator.same(before, after)) {
      events.record(instance, before, after);
      try {
        // Written here, not by returning patchStatus: JOSDK's write would not reach the
        // operator's cache, and a retry that planned from the older status would find nothing
        // to change and leave the error standing.
        writer.write(instance, after);
      } catch (RuntimeException writeFailed) {
        log.warn(
            "{}/{}: could not write the status naming the error either: {}",
            instance.getMetadata().getNamespace(),
            instance.getMetadata().getName(),
            writeFailed.toString());
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** A pass cut short because the operator stops: nothing about the instance to report. */
  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }
}
