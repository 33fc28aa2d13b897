package com.suresoft.ams.operator.model.security;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.function.Supplier;

/** New EC P-256 key pairs from a {@link SecureRandom}: the keys of {@link GeneratedTls}. */
public final class EcKeyPairs implements Supplier<KeyPair> {
  private final SecureRandom random;

  public EcKeyPairs(SecureRandom random) {
    this.random = random;
  }

  @Override
  public KeyPair get() {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key pair generator", e);
    }
  }
}
