package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Settings of the Istio canary router. */
public class IstioCanarySpec {

  @JsonPropertyDescription(
      "Istio Gateways (namespace/name) whose traffic is split too: VirtualServices"
          + " <name>-<component>-edge bind them and serve spec.ingress.host with the canary's"
          + " weights and header route. Unset: only mesh-internal traffic is split.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(g, g.matches('" + Patterns.NAMESPACED_NAME + "'))",
      message = "an Istio gateway is written namespace/name",
      reason = "FieldValueInvalid")
  private List<String> gateways;

  public List<String> getGateways() {
    return gateways;
  }

  public void setGateways(List<String> gateways) {
    this.gateways = gateways;
  }
}
