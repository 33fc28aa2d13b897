package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The CNPG Pooler exists while the pooler is on. */
public class CnpgPoolerCondition implements Condition<Object, AmsInstance> {
  @Override
  public boolean isMet(
      DependentResource<Object, AmsInstance> dependentResource,
      AmsInstance primary,
      Context<AmsInstance> context) {
    return ReconcileInputs.from(context).model().spec().getDatabase().getPooler().getEnabled();
  }
}
