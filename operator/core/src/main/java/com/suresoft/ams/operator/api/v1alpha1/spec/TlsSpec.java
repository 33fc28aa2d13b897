package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** TLS of the Ingress, issued by cert-manager. */
public class TlsSpec {

  @JsonPropertyDescription(
      "Serve HTTPS and redirect HTTP to it. Default: true on Staging and Production.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "cert-manager ClusterIssuer (cert-manager.io/cluster-issuer). Default letsencrypt-prod on"
          + " Production, letsencrypt-staging on Staging.")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String clusterIssuer;

  @JsonPropertyDescription("Secret that receives the certificate. Default <name>-tls.")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String secretName;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getClusterIssuer() {
    return clusterIssuer;
  }

  public void setClusterIssuer(String clusterIssuer) {
    this.clusterIssuer = clusterIssuer;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
