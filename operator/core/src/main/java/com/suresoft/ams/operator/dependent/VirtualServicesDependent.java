package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.function.Function;

/**
 * The Istio VirtualServices, in {@code networking.istio.io/v1} (see {@link IstioRoutingDependent}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR,
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class VirtualServicesDependent
    extends IstioRoutingDependent<VirtualService, VirtualService> {
  public VirtualServicesDependent() {
    super(VirtualService.class, "v1", Stack::virtualServices, Function.identity());
  }

  /** The same VirtualServices in {@code networking.istio.io/v1beta1}, for Istio before 1.22. */
  @KubernetesDependent(
      informer =
          @Informer(
              itemStore = LeanStore.WithoutStatus.class,
              labelSelector = Labels.MANAGED_SELECTOR,
              onUpdateFilter = RelevantChanges.NotStatus.class))
  public static class V1beta1
      extends IstioRoutingDependent<
          VirtualService, io.fabric8.istio.api.networking.v1beta1.VirtualService> {
    public V1beta1() {
      super(
          io.fabric8.istio.api.networking.v1beta1.VirtualService.class,
          "v1beta1",
          Stack::virtualServices,
          vs ->
              new io.fabric8.istio.api.networking.v1beta1.VirtualService(
                  vs.getApiVersion(),
                  vs.getKind(),
                  vs.getMetadata(),
                  vs.getSpec(),
                  vs.getStatus()));
    }
  }
}
