package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The data tier's ConfigMaps of scripts and configuration. */
@KubernetesDependent(
    informer =
        @Informer(itemStore = LeanStore.class, labelSelector = DataConfigMapsDependent.SELECTOR))
public class DataConfigMapsDependent
    extends InstanceBulkDependent<ConfigMap, DataConfigMapsDependent.Inputs> {
  static final String SELECTOR = Labels.DATA_TIER_SELECTOR;

  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public DataConfigMapsDependent() {
    super(ConfigMap.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, ConfigMap> build(Inputs inputs) {
    return Stack.dataConfigMaps(inputs.model());
  }
}
