package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The gate between the tiers: the app's Deployments depend on the data tier, and this is its ready
 * postcondition. The reconciler evaluated the data tier from the informers before running the
 * workflow ({@link ReconcileInputs#dataReady()}), the same verdict the status reports; any change
 * of a data workload or a watched Secret triggers a new reconciliation, which opens the gate.
 */
public class DataTierReadyCondition implements Condition<Object, AmsInstance> {
  @Override
  public boolean isMet(
      DependentResource<Object, AmsInstance> dependentResource,
      AmsInstance primary,
      Context<AmsInstance> context) {
    return ReconcileInputs.from(context).dataReady();
  }
}
