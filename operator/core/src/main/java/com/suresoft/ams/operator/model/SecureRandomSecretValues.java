package com.suresoft.ams.operator.model;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random values from {@link SecureRandom}: 48 bytes (384 bits) for JWT secrets, 24 bytes for
 * passwords, URL-safe base64 without padding so they can sit in a connection URL unescaped.
 */
public final class SecureRandomSecretValues implements SecretValueGenerator {
  private final SecureRandom random;

  public SecureRandomSecretValues(SecureRandom random) {
    this.random = random;
  }

  public SecureRandomSecretValues() {
    this(new SecureRandom());
  }

  @Override
  public String generate(String key) {
    if (SecretKeys.MINIO_USERS.contains(key)) {
      return "ams-" + token(6).toLowerCase().replace('_', 'x').replace('-', 'y');
    }
    int bytes = key.startsWith("jwt-") ? 48 : 24;
    return token(bytes);
  }

  private String token(int bytes) {
    var buffer = new byte[bytes];
    random.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
