package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.CnpgCluster;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The CloudNativePG {@code Cluster}. Like the claims and the Secret it is neither garbage-collected
 * nor deleted: CNPG deletes a Cluster's volumes with it, and data is never deleted implicitly (an
 * instance that leaves CloudNativePG mode keeps it).
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=postgres"))
public class CnpgClusterDependent extends CloudNativePgDependent<CnpgCluster> {
  public CnpgClusterDependent() {
    super(CnpgCluster.class, Stack::cnpgCluster, false);
  }
}
