package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The web and API Services, the stable Services of an HTTPRoute and, during a release, the preview
 * (blue-green) and canary (nginx, Gateway API) Services: one set, because they share kind and
 * labels and a second set would delete the first's.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.APP_TIER_SELECTOR))
public class AppServicesDependent extends InstanceBulkDependent<Service> {

  public AppServicesDependent() {
    super(Service.class, Reads.MODEL_AND_ROUTING);
  }

  @Override
  protected Map<String, Service> desiredByName(ReconcileInputs inputs) {
    return Stack.appServices(inputs.model(), inputs.routing());
  }
}
