package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Services {@code <name>-web-service} (80) and {@code <name>-api-service} (4000). They select
 * the slot that serves users; switching slots is a selector change (the seed's {@code kubectl patch
 * svc}). With Istio they select both slots and the DestinationRule's subsets pick one.
 */
public final class AppServices {

  private AppServices() {}

  public static Map<String, Service> desired(InstanceModel m, RoutingIntent routing) {
    var services = new LinkedHashMap<String, Service>();
    for (Component c : new Component[] {Component.WEB, Component.API}) {
      var s = service(m, c, routing);
      services.put(s.getMetadata().getName(), s);
    }
    return services;
  }

  /** The port a component's Service exposes. */
  public static int port(Component c) {
    return c == Component.WEB ? AppContainers.WEB_PORT : AppContainers.API_PORT;
  }

  /**
   * The selector of {@code <name>-<component>-service}: one slot, or both when Istio chooses the
   * slot by subset ({@link RoutingIntent#serviceSlot()} is null; a subset only has endpoints the
   * Service selects).
   */
  public static Map<String, String> selector(InstanceModel m, Component c, RoutingIntent routing) {
    return routing.serviceSlot() == null
        ? Labels.selector(m.name(), c)
        : Labels.selector(m.name(), c, routing.serviceSlot());
  }

  private static Service service(InstanceModel m, Component c, RoutingIntent routing) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(m.names().service(c))
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector(m, c, routing))
        .addNewPort()
        .withName(AppContainers.PORT_NAME)
        .withProtocol("TCP")
        .withPort(port(c))
        .withTargetPort(new IntOrString(AppContainers.PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
