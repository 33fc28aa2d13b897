package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Istio DestinationRules (one subset per slot) of web and API when Istio routes canaries, in
 * {@code networking.istio.io/v1}; {@link V1beta1} writes them where only v1beta1 is served.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DestinationRulesDependent extends InstanceBulkDependent<DestinationRule> {
  public DestinationRulesDependent() {
    super(DestinationRule.class, Reads.MODEL_AND_ROUTING);
  }

  @Override
  protected Map<String, DestinationRule> desiredByName(ReconcileInputs inputs) {
    return Stack.destinationRules(
        inputs.model(), inputs.routing(), OptionalCrd.ISTIO.apiVersion("v1"));
  }

  /** The same DestinationRules in {@code networking.istio.io/v1beta1}, for Istio before 1.22. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class V1beta1
      extends InstanceBulkDependent<io.fabric8.istio.api.networking.v1beta1.DestinationRule> {
    public V1beta1() {
      super(io.fabric8.istio.api.networking.v1beta1.DestinationRule.class, Reads.MODEL_AND_ROUTING);
    }

    @Override
    protected Map<String, io.fabric8.istio.api.networking.v1beta1.DestinationRule> desiredByName(
        ReconcileInputs inputs) {
      var result =
          new LinkedHashMap<String, io.fabric8.istio.api.networking.v1beta1.DestinationRule>();
      Stack.destinationRules(
              inputs.model(), inputs.routing(), OptionalCrd.ISTIO.apiVersion("v1beta1"))
          .forEach(
              (name, dr) ->
                  // The same schema in both versions: only the Java class differs.
                  result.put(
                      name,
                      new io.fabric8.istio.api.networking.v1beta1.DestinationRule(
                          dr.getApiVersion(),
                          dr.getKind(),
                          dr.getMetadata(),
                          dr.getSpec(),
                          dr.getStatus())));
      return result;
    }
  }
}
