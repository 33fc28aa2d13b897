package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppContainers;
import com.suresoft.ams.operator.model.app.AppHttpRoute;
import com.suresoft.ams.operator.model.app.AppServices;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Services that select one slot for a release: the blue-green preview Services ({@code
 * <name>-api-preview}, {@code <name>-web-preview}), the canary Services ({@code <name>-api-canary},
 * {@code <name>-web-canary}) the nginx canary Ingress or the HTTPRoute sends the candidate's share
 * to, and the stable Services ({@code <name>-api-stable}, {@code <name>-web-stable}) the HTTPRoute
 * sends the rest to.
 */
public final class ReleaseServices {

  /** The components users reach through Services (the worker serves no traffic). */
  public static final List<Component> ROUTED = List.of(Component.WEB, Component.API);

  private ReleaseServices() {}

  /** Preview Services, when the intent has a preview slot; otherwise none. */
  public static Map<String, Service> preview(InstanceModel m, RoutingIntent routing) {
    var services = new LinkedHashMap<String, Service>();
    if (routing.previewSlot() != null) {
      for (Component c : ROUTED) {
        var s = service(m, c, m.names().previewService(c), routing.previewSlot());
        services.put(s.getMetadata().getName(), s);
      }
    }
    return services;
  }

  /**
   * Canary Services for the nginx and GatewayAPI routers for the whole release (from the
   * candidate's start to its end, whatever its weight), so a weight that drops to 0 and comes back
   * does not delete and re-create them; otherwise none.
   */
  public static Map<String, Service> canary(InstanceModel m, RoutingIntent routing) {
    var services = new LinkedHashMap<String, Service>();
    boolean routed =
        routing.router() == TrafficRouter.Nginx || routing.router() == TrafficRouter.GatewayAPI;
    Slot slot =
        routed && routing.candidateSlot() != null
            ? routing.candidateSlot()
            : routing.lingeringCanarySlot();
    if (slot != null) {
      for (Component c : ROUTED) {
        var s = service(m, c, m.names().canaryService(c), slot);
        services.put(s.getMetadata().getName(), s);
      }
    }
    return services;
  }

  /**
   * The stable Services the HTTPRoute sends the stable share to, whenever AMS is published through
   * Gateway API (whatever the strategy, see {@link AppHttpRoute}). They select the slot the plain
   * Services select; where those select both slots (Istio picks the slot by subset, which a
   * Gateway's route does not go through), the stable slot, or the candidate once it carries all
   * traffic, as the Services would without a mesh.
   */
  public static Map<String, Service> stable(InstanceModel m, RoutingIntent routing) {
    var services = new LinkedHashMap<String, Service>();
    if (!AppHttpRoute.enabled(m)) {
      return services;
    }
    Slot slot = routing.serviceSlot();
    if (slot == null) {
      slot =
          routing.candidateSlot() != null && routing.candidateWeight() == 100
              ? routing.candidateSlot()
              : routing.stableSlot();
    }
    for (Component c : ROUTED) {
      var s = service(m, c, m.names().stableService(c), slot);
      services.put(s.getMetadata().getName(), s);
    }
    return services;
  }

  private static Service service(InstanceModel m, Component c, String name, Slot slot) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(m.name(), c, slot))
        .addNewPort()
        .withName(AppContainers.PORT_NAME)
        .withProtocol("TCP")
        .withPort(AppServices.port(c))
        .withTargetPort(new IntOrString(AppContainers.PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
