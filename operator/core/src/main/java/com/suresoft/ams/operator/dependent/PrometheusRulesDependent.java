package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.monitoring.AlertRules;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The PrometheusRule {@code <name>-alerts}; a set of zero or one, so turning it off deletes it. */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR,
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class PrometheusRulesDependent
    extends GenericBulkDependent<PrometheusRulesDependent.Inputs> {
  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public PrometheusRulesDependent() {
    super(AlertRules.API_VERSION, AlertRules.KIND);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, GenericKubernetesResource> build(Inputs inputs) {
    return Stack.prometheusRules(inputs.model());
  }
}
