package com.suresoft.ams.operator.model.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.release.RoutingIntent;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1beta1.DestinationRule;
import io.fabric8.istio.api.networking.v1beta1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1beta1.VirtualService;
import io.fabric8.istio.api.networking.v1beta1.VirtualServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Istio objects of a canary: per routed component a VirtualService on the stable Service's
 * host, with the header route first (requests with {@code canary: "true"} go to the candidate
 * subset) and then the weighted route, and a DestinationRule with one subset per slot, selected by
 * the slot label. {@code networking.istio.io/v1beta1}: served by every Istio release still in use
 * (v1 only from 1.22), and the same schema as the seed's v1alpha3.
 */
public final class IstioRouting {

  static final String HEADER_ROUTE = "candidate-by-header";
  static final String WEIGHTED_ROUTE = "weighted";

  private IstioRouting() {}

  /** VirtualServices when Istio routes; they exist in the steady state too (all to stable). */
  public static Map<String, VirtualService> virtualServices(InstanceModel m, RoutingIntent r) {
    var result = new LinkedHashMap<String, VirtualService>();
    if (r.router() != TrafficRouter.Istio) {
      return result;
    }
    for (Component c : ReleaseServices.ROUTED) {
      var vs = virtualService(m, c, r);
      result.put(vs.getMetadata().getName(), vs);
    }
    return result;
  }

  /** DestinationRules with the {@code blue} and {@code green} subsets, when Istio routes. */
  public static Map<String, DestinationRule> destinationRules(InstanceModel m, RoutingIntent r) {
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
      result.put(dr.getMetadata().getName(), dr);
    }
    return result;
  }

  private static VirtualService virtualService(InstanceModel m, Component c, RoutingIntent r) {
    String host = m.names().service(c);
    var http = new ArrayList<HTTPRoute>();
    if (r.candidateSlot() != null && r.headerRoute()) {
      var header = m.spec().getRelease().getCanary().getHeaderRoute();
      var match = new HTTPMatchRequest();
      match.setHeaders(
          Map.of(header.getName(), new StringMatch(new StringMatchExact(header.getValue()))));
      var route = new HTTPRoute();
      route.setName(HEADER_ROUTE);
      route.setMatch(List.of(match));
      route.setRoute(List.of(destination(host, r.candidateSlot(), null)));
      http.add(route);
    }
    var weighted = new HTTPRoute();
    weighted.setName(WEIGHTED_ROUTE);
    if (r.candidateSlot() == null) {
      weighted.setRoute(List.of(destination(host, r.stableSlot(), 100)));
    } else {
      weighted.setRoute(
          List.of(
              destination(host, r.stableSlot(), 100 - r.candidateWeight()),
              destination(host, r.candidateSlot(), r.candidateWeight())));
    }
    http.add(weighted);
    return new VirtualServiceBuilder()
        .withNewMetadata()
        .withName(m.names().virtualService(c))
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withHosts(host)
        .withHttp(http)
        .endSpec()
        .build();
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
