package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppDeployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** web, API and worker Deployments, one per planned slot. */
@KubernetesDependent(
    informer = @Informer(labelSelector = Labels.APP_TIER_SELECTOR),
    matcher = EnvFromSecretMatcher.class)
public class AppDeploymentsDependent extends InstanceBulkDependent<Deployment> {

  public AppDeploymentsDependent() {
    super(Deployment.class);
  }

  @Override
  protected Map<String, Deployment> desiredByName(ReconcileInputs inputs) {
    return AppDeployments.desired(inputs.model(), inputs.plan());
  }
}
