package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** HorizontalPodAutoscalers of the components whose autoscaling is on. */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.class,
            labelSelector = Labels.APP_TIER_SELECTOR,
            onUpdateFilter = RelevantChanges.Autoscalers.class))
public class AppAutoscalersDependent
    extends InstanceBulkDependent<HorizontalPodAutoscaler, AppAutoscalersDependent.Inputs> {

  /** What the objects are built from: the resolved spec and which app-tier Deployments exist. */
  public record Inputs(InstanceModel model, AppTierPlan plan) {}

  public AppAutoscalersDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.plan());
  }

  @Override
  public Map<String, HorizontalPodAutoscaler> build(Inputs inputs) {
    return Stack.autoscalers(inputs.model(), inputs.plan());
  }
}
