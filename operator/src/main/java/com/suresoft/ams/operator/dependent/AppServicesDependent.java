package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppServices;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The web and API Services. */
@KubernetesDependent(informer = @Informer(labelSelector = AppServicesDependent.SELECTOR))
public class AppServicesDependent extends InstanceBulkDependent<Service> {
  static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + " in (web,api)";

  public AppServicesDependent() {
    super(Service.class);
  }

  @Override
  protected Map<String, Service> desiredByName(ReconcileInputs inputs) {
    return AppServices.desired(inputs.model(), inputs.plan());
  }
}
