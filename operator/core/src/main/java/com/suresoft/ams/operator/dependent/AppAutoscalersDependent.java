package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** HorizontalPodAutoscalers of the components whose autoscaling is on. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = Labels.APP_TIER_SELECTOR,
            onUpdateFilter = RelevantChanges.Autoscalers.class))
public class AppAutoscalersDependent extends InstanceBulkDependent<HorizontalPodAutoscaler> {

  public AppAutoscalersDependent() {
    super(HorizontalPodAutoscaler.class, Reads.MODEL_AND_APP_TIER);
  }

  @Override
  protected Map<String, HorizontalPodAutoscaler> desiredByName(ReconcileInputs inputs) {
    return Stack.autoscalers(inputs.model(), inputs.plan());
  }
}
