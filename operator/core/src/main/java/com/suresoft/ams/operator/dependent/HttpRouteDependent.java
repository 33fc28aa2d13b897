package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The HTTPRoute {@code <name>-route} while AMS is published through Gateway API; a set, so that
 * removing {@code spec.ingress.gateway} (or {@code enabled: false}) deletes it.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=ingress"))
public class HttpRouteDependent extends InstanceBulkDependent<HTTPRoute> {

  public HttpRouteDependent() {
    super(HTTPRoute.class, Reads.MODEL_AND_ROUTING);
  }

  @Override
  protected Map<String, HTTPRoute> desiredByName(ReconcileInputs inputs) {
    return Stack.httpRoutes(inputs.model(), inputs.routing());
  }
}
