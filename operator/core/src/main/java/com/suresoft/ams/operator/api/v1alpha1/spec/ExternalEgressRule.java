package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Addresses an External database or object store lives at: the only places outside the cluster its
 * clients' NetworkPolicies let them connect to.
 */
public class ExternalEgressRule {

  @JsonPropertyDescription(
      "Address range in CIDR notation, e.g. 10.20.0.0/16 or 2001:db8::/48 (host bits zero)."
          + " Link-local addresses (169.254.0.0/16, fe80::/10: cloud metadata services) are"
          + " always excluded.")
  @Required
  @Pattern("^[0-9A-Fa-f:.]+/[0-9]{1,3}$")
  private String cidr;

  @JsonPropertyDescription(
      "TCP ports. Default: the mode's usual port (database 5432, objectStorage 443).")
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(p, p >= 1 && p <= 65535)",
      message = "ports are 1-65535",
      reason = "FieldValueInvalid")
  private List<Integer> ports;

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public List<Integer> getPorts() {
    return ports;
  }

  public void setPorts(List<Integer> ports) {
    this.ports = ports;
  }
}
