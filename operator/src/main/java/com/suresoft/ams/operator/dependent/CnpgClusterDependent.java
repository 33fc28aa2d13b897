package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.data.CloudNativePg;
import com.suresoft.ams.operator.model.data.CnpgCluster;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The CloudNativePG {@code Cluster}. Active only while the CRD is installed (see {@link
 * CnpgActivation}), so its informer never watches a kind the API server does not know. Like the
 * claims and the Secret it is neither garbage-collected nor deleted: CNPG deletes a Cluster's
 * volumes with it, and data is never deleted implicitly.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=postgres"))
public class CnpgClusterDependent extends KubernetesDependentResource<CnpgCluster, AmsInstance>
    implements Creator<CnpgCluster, AmsInstance>, Updater<CnpgCluster, AmsInstance> {

  public CnpgClusterDependent() {
    super(CnpgCluster.class);
  }

  @Override
  protected CnpgCluster desired(AmsInstance primary, Context<AmsInstance> context) {
    return CloudNativePg.cluster(ReconcileInputs.from(context).model());
  }
}
