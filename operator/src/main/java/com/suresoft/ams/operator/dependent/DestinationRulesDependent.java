package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.release.IstioRouting;
import io.fabric8.istio.api.networking.v1beta1.DestinationRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The Istio DestinationRules (one subset per slot) of web and API when Istio routes canaries. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DestinationRulesDependent extends InstanceBulkDependent<DestinationRule> {
  public DestinationRulesDependent() {
    super(DestinationRule.class, Reads.MODEL_AND_ROUTING);
  }

  @Override
  protected Map<String, DestinationRule> desiredByName(ReconcileInputs inputs) {
    return IstioRouting.destinationRules(inputs.model(), inputs.routing());
  }
}
