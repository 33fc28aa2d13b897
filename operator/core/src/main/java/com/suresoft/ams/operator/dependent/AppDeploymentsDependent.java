package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.cache.Versioned;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;

/** web, API and worker Deployments, one per planned slot. */
@KubernetesDependent(
    informer = @Informer(itemStore = LeanStore.class, labelSelector = Labels.APP_TIER_SELECTOR),
    matcher = EnvFromSecretMatcher.class)
public class AppDeploymentsDependent
    extends InstanceBulkDependent<Deployment, AppDeploymentsDependent.Inputs> {

  /**
   * What the Deployments are built from: the resolved spec, which Deployments exist at which
   * version and size, and the app Secret as its dependent's informer holds it (compared by
   * version): the pod templates carry a digest of the values they use, so a rotation rolls the
   * pods.
   */
  public record Inputs(InstanceModel model, AppTierPlan plan, Versioned<Secret> secret) {}

  public AppDeploymentsDependent() {
    super(Deployment.class);
  }

  /**
   * The Secret is read from its dependent's cache, which already holds what that dependent applied
   * in this reconciliation (the Secret runs first), so a rotation rolls the pods in the same pass.
   */
  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    var names = pass.model().names();
    @SuppressWarnings("unchecked")
    var secrets =
        (InformerEventSource<Secret, AmsInstance>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, AppSecretDependent.NAME);
    var secret = secrets.get(new ResourceID(names.secrets(), pass.model().namespace()));
    return new Inputs(pass.model(), pass.plan(), Versioned.ofNullable(secret.orElse(null)));
  }

  @Override
  public Map<String, Deployment> build(Inputs inputs) {
    return Stack.appDeployments(
        inputs.model(), inputs.plan(), AppSecret.decode(inputs.secret().first().orElse(null)));
  }
}
