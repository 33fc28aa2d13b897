package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Services {@code <name>-web-service} (80) and {@code <name>-api-service} (4000). They select
 * the active slot; switching slots is a selector change (the seed's {@code kubectl patch svc}).
 */
public final class AppServices {

  private AppServices() {}

  public static Map<String, Service> desired(InstanceModel m, AppTierPlan plan) {
    var services = new LinkedHashMap<String, Service>();
    for (Component c : new Component[] {Component.WEB, Component.API}) {
      var s = service(m, c, plan);
      services.put(s.getMetadata().getName(), s);
    }
    return services;
  }

  /** The port a component's Service exposes. */
  public static int port(Component c) {
    return c == Component.WEB ? AppContainers.WEB_PORT : AppContainers.API_PORT;
  }

  private static Service service(InstanceModel m, Component c, AppTierPlan plan) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(m.names().service(c))
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(m.name(), c, plan.activeSlot()))
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
