package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.StorePerInformer;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.data.DataTier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.function.Function;

/**
 * One CloudNativePG object of the instance (its {@link CnpgClusterDependent Cluster}, its {@link
 * CnpgPoolerDependent Pooler}), built from the resolved spec alone, never over an object of its
 * name that is not the instance's ({@link ForeignObjects}).
 *
 * <p>Two conditions decide whether it is applied, and they must stay apart. Whether the CRD is
 * installed is the activation condition ({@code CrdInstalled.CloudNativePg}): it holds for every
 * instance alike, and JOSDK starts and stops the dependent's informer by it. Whether the instance
 * runs in CloudNativePG mode is a reconcile precondition ({@link Mode}): it differs from instance
 * to instance, and as an activation condition it stopped the informer at every reconciliation of an
 * instance in another mode, so the next one of this instance found no object and created it again
 * (409).
 *
 * @param <R> the CloudNativePG kind
 */
public abstract class CloudNativePgDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, AmsInstance>
    implements Creator<R, AmsInstance>,
        Updater<R, AmsInstance>,
        BuiltFrom<CloudNativePgDependent.Inputs, R> {

  /** What the object is built from: the resolved spec alone. Not memoised (JOSDK compares it). */
  public record Inputs(InstanceModel model) {}

  private final Function<InstanceModel, R> part;
  private final boolean ownerReferenced;

  /**
   * @param part the object's part of {@link com.suresoft.ams.operator.model.Stack}
   * @param ownerReferenced whether the object is the instance's to delete with it (the garbage
   *     collector follows the owner reference); a Cluster is not: CloudNativePG deletes its volumes
   *     with it, and data is never deleted implicitly
   */
  protected CloudNativePgDependent(
      Class<R> type, Function<InstanceModel, R> part, boolean ownerReferenced) {
    super(type);
    this.part = part;
    this.ownerReferenced = ownerReferenced;
  }

  @Override
  protected R desired(AmsInstance primary, Context<AmsInstance> context) {
    return build(inputs(ReconcileInputs.from(context), primary, context));
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public R build(Inputs inputs) {
    return part.apply(inputs.model());
  }

  @Override
  public ReconcileResult<R> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.reconcileSingle(
        this,
        getSecondaryResource(primary, context),
        primary,
        context,
        ownerReferenced,
        () -> super.reconcile(primary, context));
  }

  @Override
  public R create(R desired, AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.create(
        context.getClient(),
        desired,
        primary,
        ownerReferenced,
        Optional.empty(),
        () -> super.create(desired, primary, context),
        existing ->
            super.update(existing, ForeignObjects.forAdoption(desired, primary), primary, context));
  }

  /** The reconcile precondition of the Cluster: the instance runs in CloudNativePG mode. */
  public static class Mode implements Condition<Object, AmsInstance> {
    @Override
    public boolean isMet(
        DependentResource<Object, AmsInstance> dependentResource,
        AmsInstance primary,
        Context<AmsInstance> context) {
      return DataTier.cloudNativePg(ReconcileInputs.from(context).model());
    }
  }

  /**
   * The reconcile precondition of the Pooler: CloudNativePG mode with the pooler on. Where it does
   * not hold, JOSDK deletes the Pooler (stateless, owned by the instance).
   */
  public static class ModeWithPooler extends Mode {
    @Override
    public boolean isMet(
        DependentResource<Object, AmsInstance> dependentResource,
        AmsInstance primary,
        Context<AmsInstance> context) {
      return super.isMet(dependentResource, primary, context)
          && ReconcileInputs.from(context).model().spec().getDatabase().getPooler().getEnabled();
    }
  }

  /** JOSDK's informer, as a lean one ({@link StorePerInformer#informer}). */
  @Override
  protected InformerEventSource<R, AmsInstance> createEventSource(
      EventSourceContext<AmsInstance> context) {
    var source = StorePerInformer.informer(super.createEventSource(context), context);
    setEventSource(source);
    return source;
  }
}
