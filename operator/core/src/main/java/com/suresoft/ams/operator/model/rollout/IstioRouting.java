package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppIngress;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Istio objects of a canary: per routed component a VirtualService on the stable Service's
 * host, with the header route first (requests with {@code canary: "true"} go to the candidate
 * subset) and then the weighted route, and a DestinationRule with one subset per slot, selected by
 * the slot label. With {@code spec.release.canary.istio.gateways}, per routed component one more
 * VirtualService with the same routes for edge traffic ({@link EdgeBinding}). Written in the {@code
 * apiVersion} the cluster serves: {@code networking.istio.io/v1} from Istio 1.22, {@code v1beta1}
 * before; both have the seed's v1alpha3 schema, so the objects are built once, as fabric8's v1
 * classes, with that apiVersion set.
 */
public final class IstioRouting {

  static final String HEADER_ROUTE = "candidate-by-header";
  static final String WEIGHTED_ROUTE = "weighted";

  private IstioRouting() {}

  /**
   * VirtualServices when Istio routes; they exist in the steady state too (all to stable): the
   * mesh's {@code <name>-<component>}, and with gateways the edge's {@code
   * <name>-<component>-edge}.
   */
  public static Map<String, VirtualService> virtualServices(
      InstanceModel m, RoutingIntent r, String apiVersion) {
    var result = new LinkedHashMap<String, VirtualService>();
    if (r.router() != TrafficRouter.Istio) {
      return result;
    }
    var edge = EdgeBinding.of(m);
    for (Component c : ReleaseServices.ROUTED) {
      var mesh = virtualService(m, c, r, Optional.empty());
      result.put(mesh.getMetadata().getName(), mesh);
      if (edge.isPresent()) {
        var atTheEdge = virtualService(m, c, r, edge);
        result.put(atTheEdge.getMetadata().getName(), atTheEdge);
      }
    }
    result.values().forEach(vs -> vs.setApiVersion(apiVersion));
    return result;
  }

  /** DestinationRules with the {@code blue} and {@code green} subsets, when Istio routes. */
  public static Map<String, DestinationRule> destinationRules(
      InstanceModel m, RoutingIntent r, String apiVersion) {
    var result = new LinkedHashMap<String, DestinationRule>();
    if (r.router() != TrafficRouter.Istio) {
      return result;
    }
    for (Component c : ReleaseServices.ROUTED) {
      var subsets = new ArrayList<Subset>();
      for (Slot slot : Slot.values()) {
        var subset = new Subset();
        subset.setName(slot.name());
        subset.setLabels(Map.of(Labels.SLOT, slot.name()));
        subsets.add(subset);
      }
      var dr =
          new DestinationRuleBuilder()
              .withNewMetadata()
              .withName(m.names().destinationRule(c))
              .withNamespace(m.namespace())
              .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
              .endMetadata()
              .withNewSpec()
              .withHost(m.names().service(c))
              .withSubsets(subsets)
              .endSpec()
              .build();
      dr.setApiVersion(apiVersion);
      result.put(dr.getMetadata().getName(), dr);
    }
    return result;
  }

  /**
   * The VirtualService of component {@code c}: on the Service's host for the mesh, or, with {@code
   * edge}, on the edge host for the gateways only. Both carry the same routes (header first, then
   * the weights); the edge one matches only the component's paths.
   */
  private static VirtualService virtualService(
      InstanceModel m, Component c, RoutingIntent r, Optional<EdgeBinding> edge) {
    String service = m.names().service(c);
    var http = new ArrayList<HTTPRoute>();
    if (r.candidateSlot() != null && r.headerRoute()) {
      var header = m.spec().getRelease().getCanary().getHeaderRoute();
      var headers =
          Map.of(header.getName(), new StringMatch(new StringMatchExact(header.getValue())));
      var route = new HTTPRoute();
      route.setName(HEADER_ROUTE);
      route.setMatch(
          edge.map(e -> e.matches(c, headers)).orElseGet(() -> List.of(withHeaders(headers))));
      route.setRoute(List.of(destination(service, r.candidateSlot(), null)));
      http.add(route);
    }
    var weighted = new HTTPRoute();
    weighted.setName(WEIGHTED_ROUTE);
    edge.ifPresent(e -> weighted.setMatch(e.matches(c, Map.of())));
    if (r.candidateSlot() == null) {
      weighted.setRoute(List.of(destination(service, r.stableSlot(), 100)));
    } else {
      weighted.setRoute(
          List.of(
              destination(service, r.stableSlot(), 100 - r.candidateWeight()),
              destination(service, r.candidateSlot(), r.candidateWeight())));
    }
    http.add(weighted);
    return new VirtualServiceBuilder()
        .withNewMetadata()
        .withName(edge.isPresent() ? m.names().edgeVirtualService(c) : m.names().virtualService(c))
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withHosts(edge.map(EdgeBinding::host).orElse(service))
        .withGateways(edge.map(EdgeBinding::gateways).orElse(null))
        .withHttp(http)
        .endSpec()
        .build();
  }

  private static HTTPMatchRequest withHeaders(Map<String, StringMatch> headers) {
    var match = new HTTPMatchRequest();
    if (!headers.isEmpty()) {
      match.setHeaders(headers);
    }
    return match;
  }

  /**
   * Where edge traffic comes in: the Istio Gateways of {@code spec.release.canary.istio.gateways}
   * and the host users call, {@code spec.ingress.host}. Empty without gateways (or without a host
   * to serve on them): then no VirtualService binds a gateway and only mesh traffic is split.
   *
   * <p>The edge routes live in VirtualServices of their own ({@code <name>-<component>-edge}),
   * bound to the gateways only, rather than in the mesh ones bound to the gateways and {@code
   * mesh}: a VirtualService's hosts apply to every gateway it binds, so the edge host would be
   * bound to {@code mesh} in two VirtualServices (web's and the API's), which Istio does not merge
   * for sidecars (one of them wins; {@code istioctl analyze} reports IST0109). Bound to a gateway
   * only, VirtualServices of one host are merged, but in no order a configuration can rely on, so
   * the two must never match the same request: the API's edge routes match exactly the paths the
   * Ingress sends to the API ({@code /api} and {@code /api/...}), and web's every other path (a
   * regular expression, since Istio has no negative match).
   */
  public record EdgeBinding(List<String> gateways, String host) {

    /**
     * Every path the API's edge routes do not take, as an RE2 expression Envoy matches against the
     * whole path: "/", anything not starting with "/api", and "/api" followed by something other
     * than "/" ("/apix" is web's, as with the Ingress's Prefix path type).
     */
    static final String NOT_API_PATH = "/|/[^a].*|/a|/a[^p].*|/ap|/ap[^i].*|/api[^/].*";

    public static Optional<EdgeBinding> of(InstanceModel m) {
      var istio = m.spec().getRelease().getCanary().getIstio();
      String host = m.spec().getIngress().getHost();
      if (istio == null || istio.getGateways() == null || istio.getGateways().isEmpty()) {
        return Optional.empty();
      }
      if (host == null) {
        return Optional.empty(); // nothing to serve on them; EdgeTrafficSplit says so
      }
      return Optional.of(new EdgeBinding(List.copyOf(istio.getGateways()), host));
    }

    /** Component {@code c}'s edge matches, one per path match, each with {@code headers}. */
    List<HTTPMatchRequest> matches(Component c, Map<String, StringMatch> headers) {
      var result = new ArrayList<HTTPMatchRequest>();
      for (StringMatch uri : edgePaths(c)) {
        var match = withHeaders(headers);
        match.setUri(uri);
        result.add(match);
      }
      return result;
    }

    private static List<StringMatch> edgePaths(Component c) {
      String api = AppIngress.API_PATH;
      return c == Component.API
          ? List.of(
              new StringMatch(new StringMatchExact(api)),
              new StringMatch(new StringMatchPrefix(api + "/")))
          : List.of(new StringMatch(new StringMatchRegex(NOT_API_PATH)));
    }
  }

  private static HTTPRouteDestination destination(String host, Slot subset, Integer weight) {
    var d = new Destination();
    d.setHost(host);
    d.setSubset(subset.name());
    var rd = new HTTPRouteDestination();
    rd.setDestination(d);
    rd.setWeight(weight);
    return rd;
  }
}
