package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Istio DestinationRules (one subset per slot) of web and API when Istio routes canaries, in
 * {@code networking.istio.io/v1}; {@link V1beta1} writes them where only v1beta1 is served.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DestinationRulesDependent
    extends InstanceBulkDependent<DestinationRule, DestinationRulesDependent.Inputs> {
  /** What the objects are built from: the resolved spec and where traffic goes. */
  public record Inputs(InstanceModel model, RoutingIntent routing) {}

  public DestinationRulesDependent() {
    super(DestinationRule.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.routing());
  }

  @Override
  public Map<String, DestinationRule> build(Inputs inputs) {
    return Stack.destinationRules(
        inputs.model(), inputs.routing(), OptionalCrd.ISTIO.apiVersion("v1"));
  }

  /** The same DestinationRules in {@code networking.istio.io/v1beta1}, for Istio before 1.22. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class V1beta1
      extends InstanceBulkDependent<
          io.fabric8.istio.api.networking.v1beta1.DestinationRule,
          DestinationRulesDependent.Inputs> {
    public V1beta1() {
      super(io.fabric8.istio.api.networking.v1beta1.DestinationRule.class);
    }

    @Override
    public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
      return new Inputs(pass.model(), pass.routing());
    }

    @Override
    public Map<String, io.fabric8.istio.api.networking.v1beta1.DestinationRule> build(
        Inputs inputs) {
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
