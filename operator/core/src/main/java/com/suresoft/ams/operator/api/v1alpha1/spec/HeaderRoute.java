package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A request header that sends a request to the candidate whatever the weight. */
public class HeaderRoute {

  @JsonPropertyDescription("Header name. Default canary.")
  @Pattern("^[A-Za-z0-9-]+$")
  private String name;

  @JsonPropertyDescription(
      "Exact header value. Default: a random token of the instance, shown in"
          + " status.release.canaryHeader (a well-known value would let anyone reach the candidate"
          + " and skew its analysis).")
  private String value;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
