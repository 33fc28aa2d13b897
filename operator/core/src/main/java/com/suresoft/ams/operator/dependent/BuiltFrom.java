package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * A dependent whose desired state is built from one input record, and from nothing else.
 *
 * <p>Why: a set that skips an unchanged pass ({@link com.suresoft.ams.operator.cache.InSyncMemo})
 * keys that skip by its inputs, and a builder that read one input more than its key holds would
 * leave drift of that input unapplied, silently. So the two are one thing: {@link #inputs} gathers
 * the record, the memo keys by the record, and {@link #build} is handed the record alone, so it
 * cannot read what the key does not hold. Each dependent declares its record ({@code
 * XDependent.Inputs}), naming everything its objects depend on; {@code DependentInputsTest} changes
 * each part of each record in turn and checks that the set is applied again.
 *
 * @param <I> the input record
 * @param <D> the desired state: the objects by name for a set, the object for a single dependent
 */
public interface BuiltFrom<I extends Record, D> {

  /**
   * This pass's record, from the reconciler's decisions ({@code pass}) and, where the record names
   * them, objects in the informers' caches (another dependent's Secret, the PostgreSQL pods).
   */
  I inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context);

  /** The desired state: a pure function of the record (no client, context or clock). */
  D build(I inputs);
}
