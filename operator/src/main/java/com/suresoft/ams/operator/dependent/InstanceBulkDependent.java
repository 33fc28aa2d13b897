package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A set of objects of one kind, owned by the instance and applied with server-side apply; objects
 * that drop out of the desired set are deleted. Each subclass's informer selects only the objects
 * it owns (by component label), so two sets of the same kind never delete each other's objects.
 */
public abstract class InstanceBulkDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, AmsInstance>
    implements BulkDependentResource<R, AmsInstance, ResourceID> {

  protected InstanceBulkDependent(Class<R> type) {
    super(type);
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
    desiredByName(ReconcileInputs.from(context), primary, context)
        .values()
        .forEach(r -> desired.put(ResourceID.fromResource(r), r));
    return desired;
  }

  @Override
  public Map<ResourceID, R> getSecondaryResources(
      AmsInstance primary, Context<AmsInstance> context) {
    return eventSource().orElseThrow().getSecondaryResources(primary).stream()
        .collect(Collectors.toMap(ResourceID::fromResource, r -> r));
  }
}
