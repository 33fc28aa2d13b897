package com.suresoft.ams.operator.api.v1alpha1.spec;

/** Where the application's credentials come from. */
public enum SecretsProvider {
  /** The operator generates them once with a secure random source and never regenerates them. */
  Generated,
  /** An External Secrets Operator {@code ExternalSecret} fills the Secret from a secret store. */
  ExternalSecrets
}
