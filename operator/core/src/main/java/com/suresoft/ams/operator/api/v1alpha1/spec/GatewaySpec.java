package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Publish AMS through Gateway API instead of an Ingress: an HTTPRoute {@code <name>-route} attached
 * to these Gateways. TLS and rate limiting then belong to the Gateway and its implementation.
 */
public class GatewaySpec {

  @JsonPropertyDescription("Gateways (or listeners) the HTTPRoute <name>-route attaches to.")
  @Required
  @Size(min = 1, max = 32)
  private List<GatewayParentRef> parentRefs;

  public List<GatewayParentRef> getParentRefs() {
    return parentRefs;
  }

  public void setParentRefs(List<GatewayParentRef> parentRefs) {
    this.parentRefs = parentRefs;
  }
}
