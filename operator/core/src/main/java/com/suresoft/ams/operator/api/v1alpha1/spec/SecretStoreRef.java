package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to an External Secrets store. */
public class SecretStoreRef {

  @JsonPropertyDescription("Name of the store, e.g. vault-backend.")
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String name;

  @JsonPropertyDescription("SecretStore (default) or ClusterSecretStore.")
  @Pattern("^(SecretStore|ClusterSecretStore)$")
  private String kind;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }
}
