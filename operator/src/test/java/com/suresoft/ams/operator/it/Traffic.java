package com.suresoft.ams.operator.it;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.release.NginxCanaryIngress;
import io.fabric8.istio.api.networking.v1beta1.VirtualService;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where user traffic of one instance goes, read from the API server as a user would: the stable
 * Services' selectors, the Istio VirtualServices' weights and header routes, the nginx canary
 * Ingress and its Services. Tests compare snapshots step by step and check that no slot without a
 * ready pod receives user requests.
 *
 * @param serviceSlot web/api: the slot {@code <name>-<c>-service} selects, or {@code both}
 * @param previewSlot web/api: the slot the preview Service selects (absent: no preview)
 * @param meshWeights web/api: slot to weight on the VirtualService's weighted route (empty: none)
 * @param meshHeaderSlot web/api: the slot the header route sends to (absent: no header route)
 * @param nginxCanaryWeight the canary Ingress's weight; {@code null}: no canary Ingress
 * @param canaryServiceSlot web/api: the slot the nginx canary Service selects
 * @param nginxHeaderRoute whether the canary Ingress routes requests by the canary header
 */
record Traffic(
    Map<String, String> serviceSlot,
    Map<String, String> previewSlot,
    Map<String, Map<String, Integer>> meshWeights,
    Map<String, String> meshHeaderSlot,
    Integer nginxCanaryWeight,
    Map<String, String> canaryServiceSlot,
    boolean nginxHeaderRoute) {

  static final List<String> ROUTED = List.of("web", "api");

  static Traffic read(KubernetesClient client, String namespace, String name) {
    var serviceSlot = new TreeMap<String, String>();
    var previewSlot = new TreeMap<String, String>();
    var canarySlot = new TreeMap<String, String>();
    var weights = new TreeMap<String, Map<String, Integer>>();
    var header = new TreeMap<String, String>();
    for (String c : ROUTED) {
      slotOf(client, namespace, name + "-" + c + "-service").ifPresent(s -> serviceSlot.put(c, s));
      slotOf(client, namespace, name + "-" + c + "-preview").ifPresent(s -> previewSlot.put(c, s));
      slotOf(client, namespace, name + "-" + c + "-canary").ifPresent(s -> canarySlot.put(c, s));
      var vs =
          client
              .resources(VirtualService.class)
              .inNamespace(namespace)
              .withName(name + "-" + c)
              .get();
      if (vs != null) {
        var w = new TreeMap<String, Integer>();
        for (var route : vs.getSpec().getHttp()) {
          for (var d : route.getRoute()) {
            if (route.getMatch() != null && !route.getMatch().isEmpty()) {
              header.put(c, d.getDestination().getSubset());
            } else {
              w.put(d.getDestination().getSubset(), d.getWeight());
            }
          }
        }
        weights.put(c, w);
      }
    }
    Ingress canary =
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(namespace)
            .withName(name + "-ingress-canary")
            .get();
    Integer nginxWeight =
        canary == null
            ? null
            : Integer.valueOf(
                canary.getMetadata().getAnnotations().get(NginxCanaryIngress.CANARY_WEIGHT));
    boolean nginxHeader =
        canary != null
            && canary
                .getMetadata()
                .getAnnotations()
                .containsKey(NginxCanaryIngress.CANARY_BY_HEADER);
    return new Traffic(
        serviceSlot, previewSlot, weights, header, nginxWeight, canarySlot, nginxHeader);
  }

  private static java.util.Optional<String> slotOf(
      KubernetesClient client, String namespace, String service) {
    Service s = client.services().inNamespace(namespace).withName(service).get();
    if (s == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(s.getSpec().getSelector().getOrDefault(Labels.SLOT, "both"));
  }

  /** The slots that receive user requests, per routed component (preview Services excluded). */
  Map<String, Set<String>> userSlots() {
    var result = new LinkedHashMap<String, Set<String>>();
    for (String c : ROUTED) {
      var slots = new TreeSet<String>();
      if (meshWeights.containsKey(c)) {
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
    if (meshWeights.containsKey("web")) {
      return meshWeights.get("web").getOrDefault(slot, 0);
    }
    if (nginxCanaryWeight != null && slot.equals(canaryServiceSlot.get("web"))) {
      return nginxCanaryWeight;
    }
    return slot.equals(serviceSlot.get("web")) ? 100 : 0;
  }
}
