package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** PodDisruptionBudgets of web, API, worker, PostgreSQL and Redis. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DisruptionBudgetsDependent extends InstanceBulkDependent<PodDisruptionBudget> {
  public DisruptionBudgetsDependent() {
    super(PodDisruptionBudget.class, Reads.MODEL);
  }

  @Override
  protected Map<String, PodDisruptionBudget> desiredByName(ReconcileInputs inputs) {
    return Stack.disruptionBudgets(inputs.model());
  }
}
