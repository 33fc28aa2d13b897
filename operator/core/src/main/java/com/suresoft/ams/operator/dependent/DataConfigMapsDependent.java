package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The data tier's ConfigMaps of scripts and configuration. */
@KubernetesDependent(informer = @Informer(labelSelector = DataConfigMapsDependent.SELECTOR))
public class DataConfigMapsDependent extends InstanceBulkDependent<ConfigMap> {
  static final String SELECTOR = Labels.DATA_TIER_SELECTOR;

  public DataConfigMapsDependent() {
    super(ConfigMap.class, Reads.MODEL);
  }

  @Override
  protected Map<String, ConfigMap> desiredByName(ReconcileInputs inputs) {
    return Stack.dataConfigMaps(inputs.model());
  }
}
