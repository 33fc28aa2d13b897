package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.monitoring.AlertRules;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The PrometheusRule {@code <name>-alerts}; a set of zero or one, so turning it off deletes it. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PrometheusRulesDependent extends GenericBulkDependent {
  public PrometheusRulesDependent() {
    super(AlertRules.API_VERSION, AlertRules.KIND, Reads.MODEL);
  }

  @Override
  protected Map<String, GenericKubernetesResource> desiredByName(ReconcileInputs inputs) {
    return Stack.prometheusRules(inputs.model());
  }
}
