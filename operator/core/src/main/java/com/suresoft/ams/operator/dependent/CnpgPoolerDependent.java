package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.CnpgPooler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.util.Optional;

/** The CloudNativePG {@code Pooler} (stateless: owned by the instance, deleted with the pooler). */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=pgbouncer"))
public class CnpgPoolerDependent extends KubernetesDependentResource<CnpgPooler, AmsInstance>
    implements Creator<CnpgPooler, AmsInstance>,
        Updater<CnpgPooler, AmsInstance>,
        BuiltFrom<CnpgPoolerDependent.Inputs, CnpgPooler>,
        GarbageCollected<AmsInstance> {

  /** What the object is built from: the resolved spec alone. Not memoised (JOSDK compares it). */
  public record Inputs(InstanceModel model) {}

  public CnpgPoolerDependent() {
    super(CnpgPooler.class);
  }

  @Override
  protected CnpgPooler desired(AmsInstance primary, Context<AmsInstance> context) {
    return build(inputs(ReconcileInputs.from(context), primary, context));
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public CnpgPooler build(Inputs inputs) {
    return Stack.cnpgPooler(inputs.model());
  }

  /** Not over an object of its name that is not the instance's ({@link ForeignObjects}). */
  @Override
  public ReconcileResult<CnpgPooler> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.reconcileSingle(
        this,
        getSecondaryResource(primary, context),
        primary,
        context,
        true,
        () -> super.reconcile(primary, context));
  }

  @Override
  public CnpgPooler create(CnpgPooler desired, AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.create(
        context.getClient(),
        desired,
        primary,
        true,
        Optional.empty(),
        () -> super.create(desired, primary, context),
        existing ->
            super.update(existing, ForeignObjects.forAdoption(desired, primary), primary, context));
  }
}
