package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.InSyncMemo;
import com.suresoft.ams.operator.cache.OwnerIndexedEventSource;
import com.suresoft.ams.operator.model.Ownership;
import com.suresoft.ams.operator.release.ReleasePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A set of objects of one kind, owned by the instance and applied with server-side apply; objects
 * that drop out of the desired set are deleted. Each subclass's informer selects only the objects
 * it owns (by component label), so two sets of the same kind never delete each other's objects.
 *
 * <p>An object of a desired name that is not the instance's ({@link Ownership}) is neither applied
 * nor deleted: the set leaves that name out for this pass, applies the rest, and records it in
 * {@link ChildWrites} for the status ({@link ForeignObjects} says how it is found).
 */
public abstract class InstanceBulkDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, AmsInstance>
    implements BulkDependentResource<R, AmsInstance, ResourceID> {

  /**
   * The part of the reconciler's inputs a set's desired objects are built from. The set is handed
   * only that part (the rest is null, so a builder that reads more fails at once rather than going
   * stale), and the memo's key holds only that part, so a change elsewhere (a release step, the
   * data tier becoming ready) does not make the set build and compare again.
   */
  protected enum Reads {
    /** The resolved instance only. */
    MODEL,
    /** The resolved instance and the data tier's inputs (claim template sizes). */
    MODEL_AND_DATA,
    /** The resolved instance and where traffic goes (Services, ingresses, mesh routes). */
    MODEL_AND_ROUTING,
    /** The resolved instance and which app-tier Deployments exist (Deployments, autoscalers). */
    MODEL_AND_APP_TIER;

    ReconcileInputs of(ReconcileInputs all) {
      return switch (this) {
        case MODEL -> new ReconcileInputs(all.model(), null, null, null, false, null, false);
        case MODEL_AND_DATA ->
            new ReconcileInputs(all.model(), null, null, null, false, all.data(), false);
        case MODEL_AND_ROUTING -> withRelease(all, ReleasePlan.routingOnly(all.routing()));
        case MODEL_AND_APP_TIER -> withRelease(all, ReleasePlan.appTierOnly(all.plan()));
      };
    }

    private static ReconcileInputs withRelease(ReconcileInputs all, ReleasePlan part) {
      return new ReconcileInputs(all.model(), part, null, null, false, null, false);
    }
  }

  private final Reads reads;

  protected InstanceBulkDependent(Class<R> type, Reads reads) {
    super(type);
    this.reads = reads;
  }

  /** The part of this pass's inputs this set reads. */
  private ReconcileInputs inputs(Context<AmsInstance> context) {
    return reads.of(ReconcileInputs.from(context));
  }

  /**
   * Applies the set, unless it was found in step with its desired state and nothing it rests on has
   * changed since ({@link InSyncMemo}): then neither is the desired state built nor compared.
   */
  @Override
  public ReconcileResult<R> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    var instance = ResourceID.fromResource(primary);
    var memo = InSyncMemo.from(context);
    var actual = getSecondaryResources(primary, context).values();
    var inputs = desiredStateInputs(inputs(context), primary, context);
    var key = memo.keyOf(inputs, actual);
    if (memo.isInSync(instance, name(), key)) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    memo.outOfStep(instance, name());
    var pass = ChildWrites.of(context).reconcileSet(this, () -> super.reconcile(primary, context));
    if (!pass.leftOut()) {
      // The set as this pass left it: each object as applied or as found in step. Its versions
      // are those the cache holds next, unless someone changes an object in between. Not with a
      // name left out: the next pass looks at it again.
      memo.inSync(
          instance, name(), memo.keyOf(inputs, pass.result().getResourceOperations().keySet()));
    }
    return pass.result();
  }

  @Override
  public R create(R desired, AmsInstance primary, Context<AmsInstance> context) {
    var id = ResourceID.fromResource(desired);
    return ForeignObjects.create(
        context.getClient(),
        desired,
        primary,
        true,
        eventSource().flatMap(es -> es.get(id)),
        () -> super.create(desired, primary, context),
        existing ->
            super.update(existing, ForeignObjects.forAdoption(desired, primary), primary, context));
  }

  /**
   * The owner index gives only objects with the instance's owner reference; the labels are checked
   * as well, so that an object someone else labelled differently is not written.
   */
  @Override
  public R update(R actual, R desired, AmsInstance primary, Context<AmsInstance> context) {
    if (!writable(actual, primary)) {
      throw new NotOwnedException(desired.getKind(), desired.getMetadata().getName());
    }
    try {
      return super.update(actual, desired, primary, context);
    } catch (KubernetesClientException e) {
      throw new ChildApplyException(desired.getKind(), desired.getMetadata().getName(), e);
    }
  }

  /** Deletes only the instance's own objects: never one it did not create, whatever its name. */
  @Override
  public void deleteTargetResource(
      AmsInstance primary, R resource, ResourceID key, Context<AmsInstance> context) {
    var meta = resource.getMetadata();
    if (!Ownership.ours(
        meta, primary.getMetadata().getName(), primary.getMetadata().getUid(), true)) {
      return;
    }
    super.deleteTargetResource(primary, resource, key, context);
  }

  private static boolean writable(HasMetadata actual, AmsInstance primary) {
    return Ownership.writable(
        actual.getMetadata(),
        primary.getMetadata().getName(),
        primary.getMetadata().getUid(),
        true);
  }

  /**
   * What {@link #desiredByName(ReconcileInputs, AmsInstance, Context)} builds from, for the memo; a
   * set that reads more than the inputs (another dependent's object) adds it here.
   */
  protected Object desiredStateInputs(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    return InSyncMemo.Inputs.of(primary, inputs);
  }

  /** The desired objects, keyed by name; computed by a pure builder from the inputs. */
  protected abstract Map<String, R> desiredByName(ReconcileInputs inputs);

  /**
   * The desired objects when they depend on another dependent's object as applied in this
   * reconciliation (read from its informer cache); by default only on the inputs.
   */
  protected Map<String, R> desiredByName(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    return desiredByName(inputs);
  }

  @Override
  public Map<ResourceID, R> desiredResources(AmsInstance primary, Context<AmsInstance> context) {
    var desired = new LinkedHashMap<ResourceID, R>();
    var writes = ChildWrites.of(context);
    desiredByName(inputs(context), primary, context).values().stream()
        .filter(r -> !writes.isNotOwned(r.getKind(), r.getMetadata().getName()))
        .forEach(r -> desired.put(ResourceID.fromResource(r), r));
    return desired;
  }

  /**
   * The informer JOSDK would build for this set, with a lookup by owner that does not hash the
   * objects ({@link OwnerIndexedEventSource}).
   */
  @Override
  protected InformerEventSource<R, AmsInstance> createEventSource(
      EventSourceContext<AmsInstance> context) {
    // JOSDK's builds the configuration (selectors, filters, owner mapping); it is never started.
    var configured = super.createEventSource(context).configuration();
    var indexed = new OwnerIndexedEventSource<>(configured, context);
    setEventSource(indexed);
    return indexed;
  }

  @Override
  public Map<ResourceID, R> getSecondaryResources(
      AmsInstance primary, Context<AmsInstance> context) {
    return eventSource().orElseThrow().getSecondaryResources(primary).stream()
        .collect(Collectors.toMap(ResourceID::fromResource, r -> r));
  }
}
