package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.CnpgCluster;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.util.Optional;

/**
 * The CloudNativePG {@code Cluster}. Active only while the CRD is installed (see {@link
 * com.suresoft.ams.operator.controller.crds.CnpgActivation}), so its informer never watches a kind
 * the API server does not know. Like the claims and the Secret it is neither garbage-collected nor
 * deleted: CNPG deletes a Cluster's volumes with it, and data is never deleted implicitly.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=postgres"))
public class CnpgClusterDependent extends KubernetesDependentResource<CnpgCluster, AmsInstance>
    implements Creator<CnpgCluster, AmsInstance>,
        Updater<CnpgCluster, AmsInstance>,
        BuiltFrom<CnpgClusterDependent.Inputs, CnpgCluster> {

  /** What the object is built from: the resolved spec alone. Not memoised (JOSDK compares it). */
  public record Inputs(InstanceModel model) {}

  public CnpgClusterDependent() {
    super(CnpgCluster.class);
  }

  @Override
  protected CnpgCluster desired(AmsInstance primary, Context<AmsInstance> context) {
    return build(inputs(ReconcileInputs.from(context), primary, context));
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public CnpgCluster build(Inputs inputs) {
    return Stack.cnpgCluster(inputs.model());
  }

  /** Not over an object of its name that is not the instance's ({@link ForeignObjects}). */
  @Override
  public ReconcileResult<CnpgCluster> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.reconcileSingle(
        this,
        getSecondaryResource(primary, context),
        primary,
        context,
        false,
        () -> super.reconcile(primary, context));
  }

  @Override
  public CnpgCluster create(
      CnpgCluster desired, AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.create(
        context.getClient(),
        desired,
        primary,
        false,
        Optional.empty(),
        () -> super.create(desired, primary, context),
        existing ->
            super.update(existing, ForeignObjects.forAdoption(desired, primary), primary, context));
  }
}
