package com.suresoft.ams.operator.it;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.rollout.NginxCanaryIngress;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Where user traffic of one instance goes, read from the API server as a user would: the stable
 * Services' selectors, the Istio VirtualServices' weights and header routes, the nginx canary
 * Ingress and its Services, the Gateway API HTTPRoute's weighted backends and header rules (each
 * backend Service resolved to the slot it selects). Tests compare snapshots step by step and check
 * that no slot without a ready pod receives user requests; {@link RoutingRecorder} builds one from
 * every version of those objects ({@link #of}) and reads each component's {@link #route}.
 *
 * @param serviceSlot web/api: the slot {@code <name>-<c>-service} selects, or {@code both}
 * @param previewSlot web/api: the slot the preview Service selects (absent: no preview)
 * @param meshWeights web/api: slot to weight on the VirtualService's weighted route (empty: none)
 * @param meshHeaderSlot web/api: the slot the header route sends to (absent: no header route)
 * @param nginxCanaryWeight the canary Ingress's weight; {@code null}: no canary Ingress
 * @param nginxHeaderRoute whether the canary Ingress routes by header ({@code canary-by-header})
 * @param canaryServiceSlot web/api: the slot the nginx canary Service selects
 * @param gatewayWeights web/api: slot (of each backend Service; {@link Route#NONE} for a Service
 *     that does not exist) to percent on the HTTPRoute's plain rule of that path (empty: no route)
 * @param gatewayHeaderSlot web/api: the slot the HTTPRoute's header rule sends to (absent: none)
 */
record Traffic(
    Map<String, String> serviceSlot,
    Map<String, String> previewSlot,
    Map<String, Map<String, Integer>> meshWeights,
    Map<String, String> meshHeaderSlot,
    Integer nginxCanaryWeight,
    boolean nginxHeaderRoute,
    Map<String, String> canaryServiceSlot,
    Map<String, Map<String, Integer>> gatewayWeights,
    Map<String, String> gatewayHeaderSlot) {

  static final List<String> ROUTED = List.of("web", "api");

  static Traffic read(KubernetesClient client, String namespace, String name) {
    return of(
        name,
        service -> client.services().inNamespace(namespace).withName(service).get(),
        vs -> client.resources(VirtualService.class).inNamespace(namespace).withName(vs).get(),
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(namespace)
            .withName(name + "-ingress-canary")
            .get(),
        httpRoute(client, namespace, name + "-route"));
  }

  /** The HTTPRoute, or null when there is none (or no Gateway API CRD to hold one). */
  private static HTTPRoute httpRoute(KubernetesClient client, String namespace, String name) {
    try {
      return client.resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /**
   * The traffic of instance {@code name} from objects already at hand (a recorder's replayed state,
   * or fresh reads): {@code service} and {@code virtualService} look objects up by name and answer
   * null when there is none.
   */
  static Traffic of(
      String name,
      Function<String, Service> service,
      Function<String, VirtualService> virtualService,
      Ingress canary,
      HTTPRoute httpRoute) {
    var serviceSlot = new TreeMap<String, String>();
    var previewSlot = new TreeMap<String, String>();
    var canarySlot = new TreeMap<String, String>();
    var weights = new TreeMap<String, Map<String, Integer>>();
    var header = new TreeMap<String, String>();
    for (String c : ROUTED) {
      slotOf(service.apply(name + "-" + c + "-service")).ifPresent(s -> serviceSlot.put(c, s));
      slotOf(service.apply(name + "-" + c + "-preview")).ifPresent(s -> previewSlot.put(c, s));
      slotOf(service.apply(name + "-" + c + "-canary")).ifPresent(s -> canarySlot.put(c, s));
      var vs = virtualService.apply(name + "-" + c);
      if (vs != null) {
        var w = new TreeMap<String, Integer>();
        for (var route : vs.getSpec().getHttp()) {
          for (var d : route.getRoute()) {
            // The header route is the one whose matches ask for a header: the routes of an
            // edge VirtualService (Istio gateways) all match paths (TrafficTest reads them so).
            if (route.getMatch() != null
                && route.getMatch().stream()
                    .anyMatch(m -> m.getHeaders() != null && !m.getHeaders().isEmpty())) {
              header.put(c, d.getDestination().getSubset());
            } else {
              // Istio sends everything to a lone destination that carries no weight.
              w.put(
                  d.getDestination().getSubset(),
                  d.getWeight() == null && route.getRoute().size() == 1 ? 100 : d.getWeight());
            }
          }
        }
        weights.put(c, w);
      }
    }
    Integer nginxWeight = null;
    boolean nginxHeader = false;
    if (canary != null) {
      var annotations = canary.getMetadata().getAnnotations();
      nginxWeight = Integer.valueOf(annotations.get(NginxCanaryIngress.CANARY_WEIGHT));
      nginxHeader = annotations.containsKey(NginxCanaryIngress.CANARY_BY_HEADER);
    }
    var gatewayWeights = new TreeMap<String, Map<String, Integer>>();
    var gatewayHeader = new TreeMap<String, String>();
    if (httpRoute != null
        && httpRoute.getSpec() != null
        && httpRoute.getSpec().getRules() != null) {
      for (var rule : httpRoute.getSpec().getRules()) {
        var backends =
            rule.getBackendRefs() == null ? List.<HTTPBackendRef>of() : rule.getBackendRefs();
        for (var match : rule.getMatches()) {
          String c = "/api".equals(match.getPath().getValue()) ? "api" : "web";
          if (match.getHeaders() != null && !match.getHeaders().isEmpty()) {
            // A header rule with weighted backends would split too; the operator writes one.
            backends.forEach(b -> gatewayHeader.put(c, backendSlot(service, b)));
          } else {
            gatewayWeights.put(c, percents(service, backends));
          }
        }
      }
    }
    return new Traffic(
        serviceSlot,
        previewSlot,
        weights,
        header,
        nginxWeight,
        nginxHeader,
        canarySlot,
        gatewayWeights,
        gatewayHeader);
  }

  /**
   * Each backend's share in percent, by slot: Gateway API splits by weight over the backends' sum
   * (an unset weight is 1), and a rule whose weights are all 0 sends nothing anywhere.
   */
  private static Map<String, Integer> percents(
      Function<String, Service> service, List<HTTPBackendRef> backends) {
    int sum = backends.stream().mapToInt(Traffic::weightOf).sum();
    var result = new TreeMap<String, Integer>();
    for (var b : backends) {
      int share = sum == 0 ? 0 : Math.round(100f * weightOf(b) / sum);
      result.merge(backendSlot(service, b), share, Integer::sum);
    }
    return result;
  }

  private static int weightOf(HTTPBackendRef b) {
    return b.getWeight() == null ? 1 : b.getWeight();
  }

  private static String backendSlot(Function<String, Service> service, HTTPBackendRef b) {
    return slotOf(service.apply(b.getName())).orElse(Route.NONE);
  }

  private static Optional<String> slotOf(Service s) {
    if (s == null) {
      return Optional.empty();
    }
    var selector = s.getSpec().getSelector();
    return Optional.of(selector == null ? "both" : selector.getOrDefault(Labels.SLOT, "both"));
  }

  /**
   * Where component {@code c}'s user requests go, whichever object carries the decision: the
   * VirtualService when Istio routes, else the stable Service's selector with the nginx canary
   * Ingress's share taken off it. Empty when nothing routes {@code c} (no Service yet).
   */
  Optional<Route> route(String c) {
    var weights = new TreeMap<String, Integer>();
    String headerSlot = null;
    if (gatewayWeights.containsKey(c)) {
      // Users reach AMS through the Gateway: the route decides, whatever the Services select.
      gatewayWeights.get(c).forEach((slot, w) -> weights.merge(slot, w, Integer::sum));
      headerSlot = gatewayHeaderSlot.get(c);
    } else if (meshWeights.containsKey(c)) {
      meshWeights.get(c).forEach((slot, w) -> weights.merge(slot, w == null ? 0 : w, Integer::sum));
      headerSlot = meshHeaderSlot.get(c);
    } else if (serviceSlot.containsKey(c)) {
      int canaryShare = nginxCanaryWeight == null ? 0 : nginxCanaryWeight;
      weights.merge(serviceSlot.get(c), 100 - canaryShare, Integer::sum);
      if (nginxCanaryWeight != null) {
        // A canary Ingress whose Service is missing sends its share to no pod at all.
        String target = canaryServiceSlot.getOrDefault(c, Route.NONE);
        weights.merge(target, canaryShare, Integer::sum);
        if (nginxHeaderRoute) {
          headerSlot = target;
        }
      }
    } else {
      return Optional.empty();
    }
    weights.values().removeIf(w -> w <= 0);
    return Optional.of(new Route(weights, headerSlot));
  }

  /** {@link #route} of every routed component that has one. */
  Map<String, Route> routes() {
    var result = new TreeMap<String, Route>();
    for (String c : ROUTED) {
      route(c).ifPresent(r -> result.put(c, r));
    }
    return result;
  }

  /**
   * Where one component's user requests go.
   *
   * @param weights slot ({@code blue}, {@code green}, {@link #BOTH} for a Service that selects both
   *     slots, {@link #NONE} for a backend that does not exist) to percent of the requests without
   *     the canary header; slots with no share are left out
   * @param headerSlot the slot requests with the canary header go to; null: no header route
   */
  record Route(Map<String, Integer> weights, String headerSlot) {
    static final String BOTH = "both";
    static final String NONE = "none";

    Route {
      weights = Collections.unmodifiableMap(new TreeMap<>(weights));
    }

    int weightOn(String slot) {
      return weights.getOrDefault(slot, 0);
    }

    @Override
    public String toString() {
      var parts = new ArrayList<String>();
      weights.forEach((slot, w) -> parts.add(slot + ":" + w));
      if (headerSlot != null) {
        parts.add("hdr:" + headerSlot);
      }
      return String.join(" ", parts);
    }
  }

  /** The slots that receive user requests, per routed component (preview Services excluded). */
  Map<String, Set<String>> userSlots() {
    var result = new LinkedHashMap<String, Set<String>>();
    for (String c : ROUTED) {
      var slots = new TreeSet<String>();
      if (gatewayWeights.containsKey(c)) {
        route(c)
            .ifPresent(
                r -> {
                  slots.addAll(r.weights().keySet());
                  if (r.headerSlot() != null) {
                    slots.add(r.headerSlot());
                  }
                });
      } else if (meshWeights.containsKey(c)) {
        meshWeights
            .get(c)
            .forEach(
                (slot, w) -> {
                  if (w != null && w > 0) {
                    slots.add(slot);
                  }
                });
        if (meshHeaderSlot.containsKey(c)) {
          slots.add(meshHeaderSlot.get(c));
        }
      } else if ("both".equals(serviceSlot.get(c))) {
        slots.addAll(List.of("blue", "green"));
      } else if (serviceSlot.containsKey(c)) {
        slots.add(serviceSlot.get(c));
      }
      if (nginxCanaryWeight != null
          && canaryServiceSlot.containsKey(c)
          && (nginxCanaryWeight > 0 || nginxHeaderRoute)) {
        slots.add(canaryServiceSlot.get(c)); // the header route reaches it at any weight
      }
      result.put(c, slots);
    }
    return result;
  }

  /** Slots that get user requests but have no ready pod; empty when routing is safe. */
  List<String> unreadyTargets(KubernetesClient client, String namespace, String name) {
    var problems = new ArrayList<String>();
    userSlots()
        .forEach(
            (c, slots) -> {
              for (String slot : slots) {
                Deployment d =
                    client
                        .apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(name + "-" + c + "-" + slot)
                        .get();
                Integer ready =
                    d == null || d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
                if (ready == null || ready < 1) {
                  problems.add(c + " routes to " + slot + ", which has no ready pod");
                }
              }
            });
    return problems;
  }

  /** The candidate's share of web traffic on whichever router carries it (0 when none). */
  int webWeightOn(String slot) {
    if (gatewayWeights.containsKey("web")) {
      return gatewayWeights.get("web").getOrDefault(slot, 0);
    }
    if (meshWeights.containsKey("web")) {
      return meshWeights.get("web").getOrDefault(slot, 0);
    }
    if (nginxCanaryWeight != null && slot.equals(canaryServiceSlot.get("web"))) {
      return nginxCanaryWeight;
    }
    return slot.equals(serviceSlot.get("web")) ? 100 : 0;
  }
}
