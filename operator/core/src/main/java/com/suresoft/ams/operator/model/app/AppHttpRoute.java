package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.api.v1alpha1.spec.GatewayParentRef;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Gateway API HTTPRoute {@code <name>-route} that publishes AMS instead of the Ingress when
 * {@code spec.ingress.gateway} names Gateways: the Ingress's routing ({@code /api} to the API,
 * {@code /} to web) on {@code spec.ingress.host}, attached to those Gateways. TLS and rate limits
 * are the Gateway's (the platform team's object), so nothing here speaks of them.
 *
 * <p>The route always sends the stable share to the {@code <name>-{api,web}-stable} Services, never
 * to the plain ones. They select exactly the slot the plain Services select (blue-green switches
 * both together), so a release or a change of strategy only ever changes weights and selectors,
 * never the route's backends: a GatewayAPI canary starting, or a strategy edit between releases,
 * cannot leave the route pointing at a Service that was just deleted.
 *
 * <p>A canary routed by Gateway API splits here: per routed component weighted {@code backendRefs}
 * between {@code <name>-<c>-stable} (100 - w) and {@code <name>-<c>-canary} (w), and, while the
 * candidate has a ready web and API pod, a rule per path matching the header route to the canary
 * Service. The canary backend stays in the route for the whole release (at weight 0 while the
 * candidate has no ready pod), as the nginx canary Ingress does, so a dip changes a weight and
 * re-creates nothing. The route is one object, so it has one builder, split included; the Services
 * it points at are {@code ReleaseServices}'.
 */
public final class AppHttpRoute {

  public static final String GROUP = "gateway.networking.k8s.io";
  public static final String GATEWAY_KIND = "Gateway";
  public static final String PATH_PREFIX = "PathPrefix";

  /** Exact header match, as the Istio and nginx routers match the header. */
  public static final String EXACT = "Exact";

  /** The routed paths in the seed's order: the longer prefix first, as the Ingress lists them. */
  static final List<Component> PATHS = List.of(Component.API, Component.WEB);

  private AppHttpRoute() {}

  /** Whether AMS is published through Gateway API (and so not through an Ingress). */
  public static boolean enabled(InstanceModel m) {
    var spec = m.spec().getIngress();
    return spec.getEnabled() && spec.getGateway() != null;
  }

  /** The HTTPRoute, or empty without {@code spec.ingress.gateway} (or with the edge off). */
  public static Optional<HTTPRoute> desired(InstanceModel m, RoutingIntent r) {
    if (!enabled(m)) {
      return Optional.empty();
    }
    var spec = m.spec().getIngress();
    var rules = new ArrayList<HTTPRouteRule>();
    // The header rules come first: readers (and implementations that do not rank rules by their
    // number of header matches) see the candidate-by-header rule before the weighted one.
    headerMatch(m, r)
        .ifPresent(
            header -> {
              for (Component c : PATHS) {
                rules.add(
                    new HTTPRouteRuleBuilder()
                        .withMatches(match(c, header))
                        .withBackendRefs(candidateBackend(m, c))
                        .build());
              }
            });
    for (Component c : PATHS) {
      rules.add(
          new HTTPRouteRuleBuilder()
              .withMatches(match(c, null))
              .withBackendRefs(weightedBackends(m, r, c))
              .build());
    }
    return Optional.of(
        new HTTPRouteBuilder()
            .withNewMetadata()
            .withName(m.names().httpRoute())
            .withNamespace(m.namespace())
            .withLabels(Labels.of(m.name(), Component.INGRESS, m.spec().getVersion()))
            .endMetadata()
            .withNewSpec()
            .withParentRefs(
                spec.getGateway().getParentRefs().stream().map(AppHttpRoute::parentRef).toList())
            .withHostnames(spec.getHost() == null ? List.of() : List.of(spec.getHost()))
            .withRules(rules)
            .endSpec()
            .build());
  }

  /** The path of component {@code c} ({@code /api} or {@code /}), as in the Ingress. */
  public static String path(Component c) {
    return c == Component.API ? "/api" : "/";
  }

  private static HTTPRouteMatch match(Component c, HTTPHeaderMatch header) {
    var match =
        new HTTPRouteMatchBuilder()
            .withNewPath()
            .withType(PATH_PREFIX)
            .withValue(path(c))
            .endPath();
    if (header != null) {
      match.withHeaders(header);
    }
    return match.build();
  }

  /**
   * Group and kind written out (they are Gateway API's defaults), so the applied object reads the
   * same as what the API server stores; the namespace only when given (default: the route's).
   */
  private static ParentReference parentRef(GatewayParentRef ref) {
    return new ParentReferenceBuilder()
        .withGroup(GROUP)
        .withKind(GATEWAY_KIND)
        .withName(ref.getName())
        .withNamespace(ref.getNamespace())
        .withSectionName(ref.getSectionName())
        .build();
  }

  /** Whether {@code r} is a GatewayAPI canary with a candidate in its slot. */
  private static boolean splits(RoutingIntent r) {
    return r.router() == TrafficRouter.GatewayAPI && r.candidateSlot() != null;
  }

  /** The header match of the candidate-by-header rules, while the header route is on. */
  private static Optional<HTTPHeaderMatch> headerMatch(InstanceModel m, RoutingIntent r) {
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
  private static List<HTTPBackendRef> weightedBackends(
      InstanceModel m, RoutingIntent r, Component c) {
    if (!splits(r)) {
      return List.of(backend(m.names().stableService(c), c, 100));
    }
    int w = r.candidateWeight();
    return List.of(
        backend(m.names().stableService(c), c, 100 - w), backend(m.names().canaryService(c), c, w));
  }

  /** The backend of the candidate-by-header rule of component {@code c}. */
  private static HTTPBackendRef candidateBackend(InstanceModel m, Component c) {
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
