package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.status.ChildIssue;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The children one reconciliation found taken by someone else: objects of a name the operator would
 * create that it did not create ({@link com.suresoft.ams.operator.model.Ownership}). Kept per pass
 * in the workflow context (the sets run in parallel, so it is thread-safe), so that a set leaves
 * such a name out of what it applies, a set that has one is not ready for the sets that depend on
 * it ({@link NoForeignObjects}), and the status names each one. Nothing is remembered across
 * passes: the next pass tries again, and finds the name free once its owner deleted or handed it
 * over.
 */
public final class ChildWrites {
  private static final String KEY = ChildWrites.class.getName();

  private final Set<ChildIssue> notOwned = ConcurrentHashMap.newKeySet();

  /** The dependents that left a name out in this pass, by identity. */
  private final Set<Object> incomplete =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** Puts a fresh record for this pass into the workflow context. */
  public static ChildWrites startPass(Context<AmsInstance> context) {
    var writes = new ChildWrites();
    context.managedWorkflowAndDependentResourceContext().put(KEY, writes);
    return writes;
  }

  /** This pass's record; a fresh one when a dependent runs outside the reconciler (tests). */
  static ChildWrites of(Context<AmsInstance> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    return workflow
        .get(KEY, ChildWrites.class)
        .orElseGet(
            () -> {
              var writes = new ChildWrites();
              workflow.put(KEY, writes);
              return writes;
            });
  }

  public void notOwned(String kind, String name) {
    notOwned.add(ChildIssue.notOwned(kind, name));
  }

  synchronized void incomplete(Object dependent) {
    incomplete.add(dependent);
  }

  /** Whether {@code dependent} left out an object that is not the instance's in this pass. */
  synchronized boolean isIncomplete(Object dependent) {
    return incomplete.contains(dependent);
  }

  /** What a set's pass applied, and whether it left a name out (then it is looked at again). */
  record SetPass<R>(ReconcileResult<R> result, boolean leftOut) {}

  /**
   * Reconciles a set by {@code reconcile}; each time it meets a name that is someone else's ({@link
   * NotOwnedException}: JOSDK stops a set at its first failure), records it and reconciles again,
   * when the set's desired state leaves that name out. What was applied before is found in step.
   */
  <R> SetPass<R> reconcileSet(Object dependent, Supplier<ReconcileResult<R>> reconcile) {
    boolean leftOut = false;
    while (true) {
      try {
        return new SetPass<>(reconcile.get(), leftOut);
      } catch (NotOwnedException e) {
        if (isNotOwned(e.kind(), e.name())) {
          throw new IllegalStateException("left out and still applied: " + e.getMessage(), e);
        }
        notOwned(e.kind(), e.name());
        incomplete(dependent);
        leftOut = true;
      }
    }
  }

  boolean isNotOwned(String kind, String name) {
    return notOwned.contains(ChildIssue.notOwned(kind, name));
  }

  /** The objects left alone because they are someone else's, by kind and name. */
  public List<ChildIssue> notOwned() {
    return notOwned.stream()
        .sorted(Comparator.comparing(ChildIssue::kind).thenComparing(ChildIssue::name))
        .toList();
  }
}
