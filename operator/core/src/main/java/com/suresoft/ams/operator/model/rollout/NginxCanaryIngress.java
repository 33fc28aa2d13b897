package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppHttpRoute;
import com.suresoft.ams.operator.model.app.AppIngress;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The ingress-nginx canary Ingress {@code <name>-ingress-canary}: the same host and paths as {@code
 * <name>-ingress}, pointing at the candidate Services, with the weight and the header route as
 * annotations. ingress-nginx merges it into the main Ingress (one canary per host/path), so TLS and
 * rate limits stay the main Ingress's.
 */
public final class NginxCanaryIngress {

  public static final String CANARY = "nginx.ingress.kubernetes.io/canary";
  public static final String CANARY_WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";
  public static final String CANARY_BY_HEADER = "nginx.ingress.kubernetes.io/canary-by-header";
  public static final String CANARY_BY_HEADER_VALUE =
      "nginx.ingress.kubernetes.io/canary-by-header-value";

  private NginxCanaryIngress() {}

  /**
   * The canary Ingress for the whole release of a candidate through nginx, at the weight routed now
   * (0 included: it stays in place while the candidate has no ready pod, and the header route is
   * left out then); otherwise empty.
   */
  public static Optional<Ingress> desired(InstanceModel m, RoutingIntent r) {
    var spec = m.spec().getIngress();
    // Behind a Gateway there is no main Ingress to merge a canary Ingress into.
    if (r.router() != TrafficRouter.Nginx
        || r.candidateSlot() == null
        || !spec.getEnabled()
        || AppHttpRoute.enabled(m)) {
      return Optional.empty();
    }
    var annotations = new LinkedHashMap<String, String>();
    annotations.put(CANARY, "true");
    annotations.put(CANARY_WEIGHT, Integer.toString(r.candidateWeight()));
    if (r.headerRoute()) {
      var header = m.spec().getRelease().getCanary().getHeaderRoute();
      annotations.put(CANARY_BY_HEADER, header.getName());
      annotations.put(CANARY_BY_HEADER_VALUE, header.getValue());
    }
    return Optional.of(
        AppIngress.skeleton(m, m.names().canaryIngress(), annotations, m.names()::canaryService)
            .build());
  }
}
