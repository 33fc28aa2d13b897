package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * PostgreSQL, Redis and MinIO StatefulSets. Their claims carry no owner reference and the
 * StatefulSets retain them, so deleting the instance (or this set) keeps the data.
 */
@KubernetesDependent(
    informer = @Informer(labelSelector = DataStatefulSetsDependent.SELECTOR),
    matcher = EnvFromSecretMatcher.class)
public class DataStatefulSetsDependent extends InstanceBulkDependent<StatefulSet> {
  static final String SELECTOR = Labels.DATA_TIER_SELECTOR;

  public DataStatefulSetsDependent() {
    super(StatefulSet.class, Reads.MODEL_AND_DATA);
  }

  @Override
  protected Map<String, StatefulSet> desiredByName(ReconcileInputs inputs) {
    return Stack.dataStatefulSets(inputs.model(), inputs.data());
  }
}
