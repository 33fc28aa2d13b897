package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The HTTPRoute {@code <name>-route} while AMS is published through Gateway API; a set, so that
 * removing {@code spec.ingress.gateway} (or {@code enabled: false}) deletes it.
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=ingress",
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class HttpRouteDependent
    extends InstanceBulkDependent<HTTPRoute, HttpRouteDependent.Inputs> {

  /** What the objects are built from: the resolved spec and where traffic goes. */
  public record Inputs(InstanceModel model, RoutingIntent routing) {}

  public HttpRouteDependent() {
    super(HTTPRoute.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.routing());
  }

  @Override
  public Map<String, HTTPRoute> build(Inputs inputs) {
    return Stack.httpRoutes(inputs.model(), inputs.routing());
  }
}
