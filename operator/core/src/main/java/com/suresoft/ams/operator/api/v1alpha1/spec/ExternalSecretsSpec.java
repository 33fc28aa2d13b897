package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How the ExternalSecret reads the application's credentials. */
public class ExternalSecretsSpec {

  @JsonPropertyDescription("The SecretStore or ClusterSecretStore to read from.")
  private SecretStoreRef secretStoreRef;

  @JsonPropertyDescription("How often the values are refreshed, e.g. 1h (default).")
  @Pattern(Patterns.DURATION)
  private String refreshInterval;

  @JsonPropertyDescription(
      "Prefix of the remote keys: <prefix>/database-url, ... in a SecretStore (the namespace's"
          + " own); <prefix>/<namespace>/<name>/database-url, ... in a ClusterSecretStore (shared:"
          + " no instance can name another's keys). Default ams/<tier in lower case>.")
  @Pattern("^[A-Za-z0-9_.\\-/]+$")
  private String remoteKeyPrefix;

  public SecretStoreRef getSecretStoreRef() {
    return secretStoreRef;
  }

  public void setSecretStoreRef(SecretStoreRef secretStoreRef) {
    this.secretStoreRef = secretStoreRef;
  }

  public String getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(String refreshInterval) {
    this.refreshInterval = refreshInterval;
  }

  public String getRemoteKeyPrefix() {
    return remoteKeyPrefix;
  }

  public void setRemoteKeyPrefix(String remoteKeyPrefix) {
    this.remoteKeyPrefix = remoteKeyPrefix;
  }
}
