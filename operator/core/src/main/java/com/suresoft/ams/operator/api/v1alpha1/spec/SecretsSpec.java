package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the Secret <name>-secrets comes from. */
@ValidationRule(
    value =
        "!has(self.provider) || self.provider != 'ExternalSecrets' ||"
            + " (has(self.externalSecrets) && has(self.externalSecrets.secretStoreRef))",
    message = "provider ExternalSecrets needs externalSecrets.secretStoreRef",
    fieldPath = ".externalSecrets",
    reason = "FieldValueRequired")
public class SecretsSpec {

  @JsonPropertyDescription(
      "Generated (default): random values created once and never regenerated. ExternalSecrets:"
          + " an ExternalSecret fills the Secret from a secret store.")
  private SecretsProvider provider;

  @JsonPropertyDescription("External Secrets Operator settings (provider ExternalSecrets).")
  private ExternalSecretsSpec externalSecrets;

  public SecretsProvider getProvider() {
    return provider;
  }

  public void setProvider(SecretsProvider provider) {
    this.provider = provider;
  }

  public ExternalSecretsSpec getExternalSecrets() {
    return externalSecrets;
  }

  public void setExternalSecrets(ExternalSecretsSpec externalSecrets) {
    this.externalSecrets = externalSecrets;
  }
}
