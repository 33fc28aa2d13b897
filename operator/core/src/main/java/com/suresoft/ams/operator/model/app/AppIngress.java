package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Ingress {@code <name>-ingress} as in the seed: class nginx, {@code /api} to the API Service,
 * {@code /} to the web Service, cert-manager TLS with ssl-redirect, and a per-client rate limit.
 */
public final class AppIngress {

  public static final String CLUSTER_ISSUER = "cert-manager.io/cluster-issuer";
  public static final String SSL_REDIRECT = "nginx.ingress.kubernetes.io/ssl-redirect";

  /**
   * ingress-nginx's requests-per-second limit per client IP. The seed writes {@code
   * nginx.ingress.kubernetes.io/rate-limit}, which ingress-nginx does not know (it would silently
   * limit nothing); {@code limit-rps} is the annotation that does what the seed means.
   */
  public static final String LIMIT_RPS = "nginx.ingress.kubernetes.io/limit-rps";

  private AppIngress() {}

  /**
   * The Ingress, or empty when {@code spec.ingress.enabled} is false or AMS is published through
   * Gateway API instead ({@link AppHttpRoute}); an Ingress left from before that switch is then
   * deleted like any object that drops out of its set.
   */
  public static Optional<Ingress> desired(InstanceModel m) {
    var spec = m.spec().getIngress();
    if (!spec.getEnabled() || AppHttpRoute.enabled(m)) {
      return Optional.empty();
    }
    var tls = spec.getTls();
    var annotations = new LinkedHashMap<String, String>();
    if (tls.getEnabled()) {
      annotations.put(CLUSTER_ISSUER, tls.getClusterIssuer());
      annotations.put(SSL_REDIRECT, "true");
    }
    annotations.put(LIMIT_RPS, Integer.toString(spec.getRateLimitRps()));
    var builder = skeleton(m, m.names().ingress(), annotations, m.names()::service);
    if (tls.getEnabled()) {
      builder
          .editSpec()
          .addNewTl()
          .withHosts(spec.getHost())
          .withSecretName(tls.getSecretName() != null ? tls.getSecretName() : m.names().tlsSecret())
          .endTl()
          .endSpec();
    }
    return Optional.of(builder.build());
  }

  /**
   * What {@code <name>-ingress} and the nginx canary Ingress share: name, labels, annotations, the
   * class and a rule for the host with the seed's routing table to the Services {@code serviceName}
   * names. One skeleton, because ingress-nginx merges a canary Ingress into the main one only when
   * their class, host and paths match.
   */
  public static IngressBuilder skeleton(
      InstanceModel m,
      String name,
      Map<String, String> annotations,
      Function<Component, String> serviceName) {
    var spec = m.spec().getIngress();
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.INGRESS, m.spec().getVersion()))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(spec.getClassName())
        .addNewRule()
        .withHost(spec.getHost())
        .withNewHttp()
        .withPaths(paths(serviceName))
        .endHttp()
        .endRule()
        .endSpec();
  }

  /**
   * The path prefix (path elements, as pathType Prefix) that goes to the API; everything else goes
   * to web. Other edge routers (Istio gateways) must split the same way.
   */
  public static final String API_PATH = "/api";

  /**
   * Where users reach AMS, for status.url; empty without a host. The same with an HTTPRoute: the
   * host is the route's hostname, and {@code tls.enabled} says whether users reach it over HTTPS
   * (there by the Gateway's listener rather than the Ingress's certificate).
   */
  public static Optional<String> url(InstanceModel m) {
    var spec = m.spec().getIngress();
    if (!spec.getEnabled() || spec.getHost() == null) {
      return Optional.empty();
    }
    return Optional.of((spec.getTls().getEnabled() ? "https://" : "http://") + spec.getHost());
  }

  /**
   * The seed's routing table, {@code /api} to the API and {@code /} to web, to the Services {@code
   * serviceName} names: the stable ones here, the candidate ones in the nginx canary Ingress.
   */
  private static List<HTTPIngressPath> paths(Function<Component, String> serviceName) {
    return List.of(
        path(API_PATH, Component.API, serviceName), path("/", Component.WEB, serviceName));
  }

  private static HTTPIngressPath path(
      String path, Component c, Function<Component, String> serviceName) {
    return new HTTPIngressPathBuilder()
        .withPath(path)
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(serviceName.apply(c))
        .withNewPort()
        .withNumber(AppServices.port(c))
        .endPort()
        .endService()
        .endBackend()
        .build();
  }
}
