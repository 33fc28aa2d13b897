package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Arrays;
import java.util.Map;

/** web, API and worker Deployments, one per planned slot. */
@KubernetesDependent(
    informer = @Informer(labelSelector = Labels.APP_TIER_SELECTOR),
    matcher = EnvFromSecretMatcher.class)
public class AppDeploymentsDependent extends InstanceBulkDependent<Deployment> {

  public AppDeploymentsDependent() {
    super(Deployment.class, Reads.MODEL_AND_APP_TIER);
  }

  @Override
  protected Map<String, Deployment> desiredByName(ReconcileInputs inputs) {
    throw new UnsupportedOperationException("needs the Secret; see the overload");
  }

  /**
   * The Deployments, with pod templates that carry a digest of the Secret values they use. The
   * Secret is read from its dependent's cache, which already holds what that dependent applied in
   * this reconciliation (the Secret runs first), so a rotation rolls the pods in the same pass.
   */
  @Override
  protected Map<String, Deployment> desiredByName(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    var m = inputs.model();
    return Stack.appDeployments(m, inputs.plan(), AppSecret.decode(secret(inputs, context)));
  }

  /** The inputs, and the Secret as cached (its digests are in the pod templates). */
  @Override
  protected Object desiredStateInputs(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    Secret secret = secret(inputs, context);
    return Arrays.asList(
        super.desiredStateInputs(inputs, primary, context),
        secret == null ? null : secret.getMetadata().getResourceVersion());
  }

  private static Secret secret(ReconcileInputs inputs, Context<AmsInstance> context) {
    var names = inputs.model().names();
    var secrets =
        (InformerEventSource<Secret, AmsInstance>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, AppSecretDependent.NAME);
    return secrets.get(new ResourceID(names.secrets(), inputs.model().namespace())).orElse(null);
  }
}
