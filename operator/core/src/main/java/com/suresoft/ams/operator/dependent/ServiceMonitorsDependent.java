package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.monitoring.ServiceMonitors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** ServiceMonitors of the components that serve metrics (Prometheus Operator). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceMonitorsDependent extends GenericBulkDependent {
  public ServiceMonitorsDependent() {
    super(ServiceMonitors.API_VERSION, ServiceMonitors.KIND, Reads.MODEL);
  }

  @Override
  protected Map<String, GenericKubernetesResource> desiredByName(ReconcileInputs inputs) {
    return Stack.serviceMonitors(inputs.model());
  }
}
