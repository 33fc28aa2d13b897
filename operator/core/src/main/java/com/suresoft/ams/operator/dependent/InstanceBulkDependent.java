package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.OwnerIndexedEventSource;
import com.suresoft.ams.operator.model.Ownership;
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
 *
 * <p>A subclass names what its objects are built from in its input record {@code I} and builds them
 * from that record alone ({@link BuiltFrom}); the record is also what the set's memo is keyed by.
 */
public abstract class InstanceBulkDependent<R extends HasMetadata, I extends Record>
    extends CRUDKubernetesDependentResource<R, AmsInstance>
    implements BulkDependentResource<R, AmsInstance, ResourceID>, BuiltFrom<I, Map<String, R>> {

  protected InstanceBulkDependent(Class<R> type) {
    super(type);
  }

  /**
   * Applies the set, unless it was found in step with its desired state and neither its input
   * record nor its objects have changed since ({@link MemoizedSet}): then neither is the desired
   * state built nor compared.
   */
  @Override
  public ReconcileResult<R> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    var inputs = inputs(ReconcileInputs.from(context), primary, context);
    return MemoizedSet.reconcile(
        this,
        inputs,
        getSecondaryResources(primary, context).values(),
        primary,
        context,
        applied -> inputs,
        () -> super.reconcile(primary, context));
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

  /** The objects {@link #build} makes of this pass's record, but those left out in this pass. */
  @Override
  public Map<ResourceID, R> desiredResources(AmsInstance primary, Context<AmsInstance> context) {
    var desired = new LinkedHashMap<ResourceID, R>();
    var writes = ChildWrites.of(context);
    build(MemoizedSet.<I>inputs(this, context)).values().stream()
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
