package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The edge in front of web and API: an nginx Ingress, or an HTTPRoute on Gateways. */
@ValidationRule(
    value = "!has(self.tls) || !has(self.tls.enabled) || !self.tls.enabled || has(self.host)",
    message = "ingress TLS needs a host",
    fieldPath = ".host",
    reason = "FieldValueRequired")
public class IngressSpec {

  @JsonPropertyDescription(
      "Publish AMS at the edge (the Ingress <name>-ingress, or the HTTPRoute). Default true.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Host name served (the Ingress rule's host, or the HTTPRoute's hostname), e.g."
          + " ams.suresoft.com. Required when TLS is on.")
  @Pattern(Patterns.HOST)
  private String host;

  @JsonPropertyDescription("IngressClass. Default nginx. Ingress only (unused with gateway).")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String className;

  @JsonPropertyDescription(
      "TLS through cert-manager, on the Ingress. With gateway the Gateway's listener serves TLS"
          + " (cert-manager fills its certificateRefs) and only enabled is read: it makes status.url"
          + " https.")
  private TlsSpec tls;

  @JsonPropertyDescription(
      "Requests per second allowed per client IP (nginx.ingress.kubernetes.io/limit-rps)."
          + " Default 100. Ingress only: behind a gateway, rate limiting is a policy of the Gateway"
          + " implementation.")
  @Min(1)
  @Max(100000)
  private Integer rateLimitRps;

  @JsonPropertyDescription(
      "Publish through Gateway API instead: an HTTPRoute <name>-route (same host and paths) on"
          + " these Gateways, and no Ingress. TLS and rate limiting are then the Gateway's.")
  private GatewaySpec gateway;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public Integer getRateLimitRps() {
    return rateLimitRps;
  }

  public void setRateLimitRps(Integer rateLimitRps) {
    this.rateLimitRps = rateLimitRps;
  }

  public GatewaySpec getGateway() {
    return gateway;
  }

  public void setGateway(GatewaySpec gateway) {
    this.gateway = gateway;
  }
}
