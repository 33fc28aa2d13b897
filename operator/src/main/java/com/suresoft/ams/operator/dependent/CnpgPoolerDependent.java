package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.data.CloudNativePg;
import com.suresoft.ams.operator.model.data.CnpgPooler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/** The CloudNativePG {@code Pooler} (stateless: owned by the instance, deleted with the pooler). */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=pgbouncer"))
public class CnpgPoolerDependent extends KubernetesDependentResource<CnpgPooler, AmsInstance>
    implements Creator<CnpgPooler, AmsInstance>,
        Updater<CnpgPooler, AmsInstance>,
        GarbageCollected<AmsInstance> {

  public CnpgPoolerDependent() {
    super(CnpgPooler.class);
  }

  @Override
  protected CnpgPooler desired(AmsInstance primary, Context<AmsInstance> context) {
    return CloudNativePg.pooler(ReconcileInputs.from(context).model());
  }
}
