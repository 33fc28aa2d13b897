package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.CnpgPooler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The CloudNativePG {@code Pooler} (stateless: owned by the instance, deleted with the pooler). */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=pgbouncer",
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class CnpgPoolerDependent extends CloudNativePgDependent<CnpgPooler>
    implements GarbageCollected<AmsInstance> {
  public CnpgPoolerDependent() {
    super(CnpgPooler.class, Stack::cnpgPooler, true);
  }
}
