package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.InSyncMemo;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a set of objects is reconciled behind the in-sync memo ({@link InSyncMemo}): the one copy of
 * that logic, for {@link InstanceBulkDependent} and {@link DataTlsSecretsDependent}.
 */
final class MemoizedSet {
  private MemoizedSet() {}

  /**
   * Applies the set by {@code apply}, unless it was found in step with its desired state and
   * neither its input record nor its objects have changed since: then its desired state is neither
   * built nor compared.
   *
   * @param actual the set's objects now
   * @param after the record as this pass leaves it, given the objects as applied: {@code inputs}
   *     itself, unless the record holds the set's own objects
   */
  static <R extends HasMetadata, I extends Record> ReconcileResult<R> reconcile(
      DependentResource<R, AmsInstance> set,
      I inputs,
      Collection<R> actual,
      AmsInstance primary,
      Context<AmsInstance> context,
      Function<Collection<R>, I> after,
      Supplier<ReconcileResult<R>> apply) {
    var memo = InSyncMemo.from(context);
    var instance = ResourceID.fromResource(primary);
    var key = memo.keyOf(inputs, actual);
    if (memo.isInSync(instance, set.name(), key)) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    memo.outOfStep(instance, set.name());
    // What the set's desiredResources builds from, which JOSDK calls inside apply: the record the
    // key holds, not one gathered again (an informer may have moved on in between).
    context.managedWorkflowAndDependentResourceContext().put(set, inputs);
    var pass = ChildWrites.of(context).reconcileSet(set, apply);
    if (!pass.leftOut()) {
      // The set as this pass left it: each object as applied or as found in step. Its versions
      // are those the cache holds next, unless someone changes an object in between. Not with a
      // name left out: the next pass looks at it again.
      var applied = pass.result().getResourceOperations().keySet();
      memo.inSync(instance, set.name(), memo.keyOf(after.apply(applied), applied));
    }
    return pass.result();
  }

  /** The record {@link #reconcile} gathered for this pass of {@code set}. */
  @SuppressWarnings("unchecked")
  static <I extends Record> I inputs(
      DependentResource<?, AmsInstance> set, Context<AmsInstance> context) {
    return (I) context.managedWorkflowAndDependentResourceContext().getMandatory(set, Record.class);
  }
}
