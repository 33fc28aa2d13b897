package com.suresoft.ams.operator.controller.crds;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.dependent.ReconcileInputs;
import com.suresoft.ams.operator.model.data.DataTier;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * CloudNativePG objects take part only in CloudNativePG mode and only while the CRD is installed:
 * JOSDK registers their informers then and not before, so a cluster without CNPG runs everything
 * else as usual. Whether the CRD is there is decided once per reconciliation by the reconciler (a
 * cached lookup, see {@link CrdPresence}).
 */
public class CnpgActivation implements Condition<Object, AmsInstance> {
  @Override
  public boolean isMet(
      DependentResource<Object, AmsInstance> dependentResource,
      AmsInstance primary,
      Context<AmsInstance> context) {
    var inputs = ReconcileInputs.from(context);
    return DataTier.cloudNativePg(inputs.model()) && inputs.cnpgInstalled();
  }
}
