package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import com.suresoft.ams.operator.release.ReleasePlan;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the reconciler decided for this reconciliation, whole, handed to the dependents through the
 * workflow context: the resolved instance, the release plan (app-tier Deployments and where traffic
 * goes), the secret value source, the versions the optional CRDs serve, whether to rotate the JWT
 * secrets now, the data tier's inputs and whether the data tier is ready. JOSDK creates dependents
 * itself, so this is how they get their inputs without static state, and the spec is resolved once
 * per reconciliation rather than once per dependent.
 *
 * <p>No builder is handed this: each dependent takes from it the parts its input record names
 * ({@link BuiltFrom#inputs}), and its builder sees that record alone. Conditions (activation,
 * readiness) read it directly.
 */
public record ReconcileInputs(
    InstanceModel model,
    ReleasePlan release,
    SecretValueGenerator secretValues,
    ServedVersions served,
    boolean rotateJwt,
    DataTierInputs data,
    boolean dataReady) {

  private static final String KEY = ReconcileInputs.class.getName();

  /** Which Deployments of web, API and worker exist, at which version and size. */
  public AppTierPlan plan() {
    return release.appTier();
  }

  /** Where user traffic goes: Service selectors, preview and canary objects. */
  public RoutingIntent routing() {
    return release.routing();
  }

  /** Whether the CloudNativePG operator's CRD is installed. */
  public boolean cnpgInstalled() {
    return served.usable(OptionalCrd.CNPG_CLUSTER);
  }

  public void putInto(Context<AmsInstance> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public static ReconcileInputs from(Context<AmsInstance> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, ReconcileInputs.class);
  }
}
