package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.function.Function;

/**
 * The Istio DestinationRules (one subset per slot), in {@code networking.istio.io/v1} (see {@link
 * IstioRoutingDependent}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR,
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class DestinationRulesDependent
    extends IstioRoutingDependent<DestinationRule, DestinationRule> {
  public DestinationRulesDependent() {
    super(DestinationRule.class, "v1", Stack::destinationRules, Function.identity());
  }

  /** The same DestinationRules in {@code networking.istio.io/v1beta1}, for Istio before 1.22. */
  @KubernetesDependent(
      informer =
          @Informer(
              itemStore = LeanStore.WithoutStatus.class,
              labelSelector = Labels.MANAGED_SELECTOR,
              onUpdateFilter = RelevantChanges.NotStatus.class))
  public static class V1beta1
      extends IstioRoutingDependent<
          DestinationRule, io.fabric8.istio.api.networking.v1beta1.DestinationRule> {
    public V1beta1() {
      super(
          io.fabric8.istio.api.networking.v1beta1.DestinationRule.class,
          "v1beta1",
          Stack::destinationRules,
          dr ->
              new io.fabric8.istio.api.networking.v1beta1.DestinationRule(
                  dr.getApiVersion(),
                  dr.getKind(),
                  dr.getMetadata(),
                  dr.getSpec(),
                  dr.getStatus()));
    }
  }
}
