package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Istio's routing objects of web and API (VirtualServices, DestinationRules) while Istio routes a
 * canary, in one version of {@code networking.istio.io}. A kind has a dependent per version the
 * operator writes (v1 for Istio 1.22 and later, v1beta1 before), and their activation conditions
 * keep at most one of them on, so the informer watches a version the cluster serves. The builders
 * produce the v1 classes; the schema is the same in both versions, so another version's object is
 * the same fields in the Java class that names its endpoint.
 *
 * @param <V> the v1 class the builder produces
 * @param <R> the class of the version this dependent writes
 */
public abstract class IstioRoutingDependent<V extends HasMetadata, R extends HasMetadata>
    extends InstanceBulkDependent<R, IstioRoutingDependent.Inputs> {

  /** What the objects are built from: the resolved spec and where traffic goes. */
  public record Inputs(InstanceModel model, RoutingIntent routing) {}

  /** A part of {@link com.suresoft.ams.operator.model.Stack} that builds the kind. */
  @FunctionalInterface
  protected interface Part<V> {
    Map<String, V> build(InstanceModel model, RoutingIntent routing, String apiVersion);
  }

  private final String apiVersion;
  private final Part<V> part;
  private final Function<V, R> inVersion;

  protected IstioRoutingDependent(
      Class<R> type, String version, Part<V> part, Function<V, R> inVersion) {
    super(type);
    this.apiVersion = OptionalCrd.ISTIO.apiVersion(version);
    this.part = part;
    this.inVersion = inVersion;
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.routing());
  }

  @Override
  public Map<String, R> build(Inputs inputs) {
    var result = new LinkedHashMap<String, R>();
    part.build(inputs.model(), inputs.routing(), apiVersion)
        .forEach((name, object) -> result.put(name, inVersion.apply(object)));
    return result;
  }
}
