package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Istio VirtualServices of web and API while a canary is routed by Istio, in {@code
 * networking.istio.io/v1} (Istio 1.22 and later); {@link V1beta1} writes them where only v1beta1 is
 * served. Their activation conditions keep at most one of the two on.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class VirtualServicesDependent
    extends InstanceBulkDependent<VirtualService, VirtualServicesDependent.Inputs> {
  /** What the objects are built from: the resolved spec and where traffic goes. */
  public record Inputs(InstanceModel model, RoutingIntent routing) {}

  public VirtualServicesDependent() {
    super(VirtualService.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.routing());
  }

  @Override
  public Map<String, VirtualService> build(Inputs inputs) {
    return Stack.virtualServices(
        inputs.model(), inputs.routing(), OptionalCrd.ISTIO.apiVersion("v1"));
  }

  /** The same VirtualServices in {@code networking.istio.io/v1beta1}, for Istio before 1.22. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class V1beta1
      extends InstanceBulkDependent<
          io.fabric8.istio.api.networking.v1beta1.VirtualService, VirtualServicesDependent.Inputs> {
    public V1beta1() {
      super(io.fabric8.istio.api.networking.v1beta1.VirtualService.class);
    }

    @Override
    public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
      return new Inputs(pass.model(), pass.routing());
    }

    @Override
    public Map<String, io.fabric8.istio.api.networking.v1beta1.VirtualService> build(
        Inputs inputs) {
      var result =
          new LinkedHashMap<String, io.fabric8.istio.api.networking.v1beta1.VirtualService>();
      Stack.virtualServices(
              inputs.model(), inputs.routing(), OptionalCrd.ISTIO.apiVersion("v1beta1"))
          .forEach(
              (name, vs) ->
                  // The same schema in both versions: only the Java class that names the endpoint
                  // differs.
                  result.put(
                      name,
                      new io.fabric8.istio.api.networking.v1beta1.VirtualService(
                          vs.getApiVersion(),
                          vs.getKind(),
                          vs.getMetadata(),
                          vs.getSpec(),
                          vs.getStatus())));
      return result;
    }
  }
}
