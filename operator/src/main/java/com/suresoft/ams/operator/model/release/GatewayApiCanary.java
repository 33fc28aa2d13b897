package com.suresoft.ams.operator.model.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppServices;
import com.suresoft.ams.operator.release.RoutingIntent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import java.util.List;
import java.util.Optional;

/**
 * The traffic split of a canary routed by Gateway API, in the HTTPRoute's rules: per routed
 * component weighted {@code backendRefs} between {@code <name>-<c>-stable} (100 - w) and {@code
 * <name>-<c>-canary} (w), and, while the candidate has a ready web and API pod, a rule matching the
 * header route to the canary Service. The canary backend stays in the route for the whole release
 * (at weight 0 while the candidate has no ready pod), as the nginx canary Ingress does, so a dip
 * changes a weight and re-creates nothing.
 */
public final class GatewayApiCanary {

  /** Exact header match, as the Istio and nginx routers match the header. */
  public static final String EXACT = "Exact";

  private GatewayApiCanary() {}

  /** Whether {@code r} is a GatewayAPI canary with a candidate in its slot. */
  public static boolean splits(RoutingIntent r) {
    return r.router() == TrafficRouter.GatewayAPI && r.candidateSlot() != null;
  }

  /** The header match of the candidate-by-header rules, while the header route is on. */
  public static Optional<HTTPHeaderMatch> headerMatch(InstanceModel m, RoutingIntent r) {
    if (!splits(r) || !r.headerRoute()) {
      return Optional.empty();
    }
    var header = m.spec().getRelease().getCanary().getHeaderRoute();
    return Optional.of(
        new HTTPHeaderMatchBuilder()
            .withType(EXACT)
            .withName(header.getName())
            .withValue(header.getValue())
            .build());
  }

  /**
   * The backends of component {@code c}'s plain rule: the stable Service alone (weight 100) outside
   * a GatewayAPI canary; stable at 100 - w and the canary Service at w during one.
   */
  public static List<HTTPBackendRef> weightedBackends(
      InstanceModel m, RoutingIntent r, Component c) {
    var stable = backend(m.names().stableService(c), c, 100);
    if (!splits(r)) {
      return List.of(stable);
    }
    int w = r.candidateWeight();
    return List.of(
        backend(m.names().stableService(c), c, 100 - w), backend(m.names().canaryService(c), c, w));
  }

  /** The backend of the candidate-by-header rule of component {@code c}. */
  public static HTTPBackendRef candidateBackend(InstanceModel m, Component c) {
    return backend(m.names().canaryService(c), c, 100);
  }

  private static HTTPBackendRef backend(String service, Component c, int weight) {
    // Group "" and kind Service are Gateway API's defaults; written out for the same reason as the
    // parentRefs' (the applied object reads as the API server stores it).
    return new HTTPBackendRefBuilder()
        .withGroup("")
        .withKind("Service")
        .withName(service)
        .withPort(AppServices.port(c))
        .withWeight(weight)
        .build();
  }
}
