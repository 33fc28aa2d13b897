package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** Services of PostgreSQL (headless, -rw, -ro), PgBouncer, Redis and MinIO. */
@KubernetesDependent(informer = @Informer(labelSelector = DataServicesDependent.SELECTOR))
public class DataServicesDependent extends InstanceBulkDependent<Service> {
  static final String SELECTOR = Labels.DATA_TIER_SELECTOR;

  public DataServicesDependent() {
    super(Service.class, Reads.MODEL);
  }

  @Override
  protected Map<String, Service> desiredByName(ReconcileInputs inputs) {
    return Stack.dataServices(inputs.model());
  }
}
