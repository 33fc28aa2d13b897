package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppServices;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The web and API Services. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.APP_TIER_SELECTOR))
public class AppServicesDependent extends InstanceBulkDependent<Service> {

  public AppServicesDependent() {
    super(Service.class);
  }

  @Override
  protected Map<String, Service> desiredByName(ReconcileInputs inputs) {
    return AppServices.desired(inputs.model(), inputs.plan());
  }
}
