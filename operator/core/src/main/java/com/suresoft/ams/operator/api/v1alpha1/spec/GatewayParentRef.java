package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Gateway API Gateway (or one of its listeners) the HTTPRoute attaches to. */
public class GatewayParentRef {

  @JsonPropertyDescription("Name of the Gateway.")
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String name;

  @JsonPropertyDescription("Namespace of the Gateway. Default: the instance's namespace.")
  @Pattern(Patterns.DNS_LABEL)
  private String namespace;

  @JsonPropertyDescription("Listener of the Gateway to attach to, e.g. https. Default: all.")
  @Pattern(Patterns.DNS_LABEL)
  private String sectionName;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getSectionName() {
    return sectionName;
  }

  public void setSectionName(String sectionName) {
    this.sectionName = sectionName;
  }
}
