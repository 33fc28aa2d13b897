package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.release.IstioRouting;
import io.fabric8.istio.api.networking.v1beta1.VirtualService;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The Istio VirtualServices of web and API while a canary is routed by Istio. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class VirtualServicesDependent extends InstanceBulkDependent<VirtualService> {
  public VirtualServicesDependent() {
    super(VirtualService.class, Reads.MODEL_AND_ROUTING);
  }

  @Override
  protected Map<String, VirtualService> desiredByName(ReconcileInputs inputs) {
    return IstioRouting.virtualServices(inputs.model(), inputs.routing());
  }
}
