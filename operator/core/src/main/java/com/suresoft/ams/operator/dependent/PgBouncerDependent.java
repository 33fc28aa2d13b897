package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The PgBouncer Deployment; a set of zero or one, so switching the pooler off deletes it. */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=pgbouncer"),
    matcher = EnvFromSecretMatcher.class)
public class PgBouncerDependent extends InstanceBulkDependent<Deployment> {

  public PgBouncerDependent() {
    super(Deployment.class, Reads.MODEL);
  }

  @Override
  protected Map<String, Deployment> desiredByName(ReconcileInputs inputs) {
    return Stack.pgBouncer(inputs.model());
  }
}
