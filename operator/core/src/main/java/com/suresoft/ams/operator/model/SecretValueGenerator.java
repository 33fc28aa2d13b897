package com.suresoft.ams.operator.model;

/** Source of new secret values; production uses {@code SecureRandomSecretValues}. */
@FunctionalInterface
public interface SecretValueGenerator {
  /** A fresh value for {@code key} (e.g. a password or a JWT signing secret). */
  String generate(String key);
}
