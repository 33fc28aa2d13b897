package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * PostgreSQL, Redis and MinIO StatefulSets. Their claims carry no owner reference and the
 * StatefulSets retain them, so deleting the instance (or this set) keeps the data.
 */
@KubernetesDependent(
    informer =
        @Informer(itemStore = LeanStore.class, labelSelector = DataStatefulSetsDependent.SELECTOR),
    matcher = EnvFromSecretMatcher.class)
public class DataStatefulSetsDependent
    extends InstanceBulkDependent<StatefulSet, DataStatefulSetsDependent.Inputs> {
  static final String SELECTOR = Labels.DATA_TIER_SELECTOR;

  /**
   * What the objects are built from: the resolved spec and the data tier's inputs (the claim
   * template sizes of the StatefulSets as they are, which cannot change).
   */
  public record Inputs(InstanceModel model, DataTierInputs data) {}

  public DataStatefulSetsDependent() {
    super(StatefulSet.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.data());
  }

  @Override
  public Map<String, StatefulSet> build(Inputs inputs) {
    return Stack.dataStatefulSets(inputs.model(), inputs.data());
  }
}
