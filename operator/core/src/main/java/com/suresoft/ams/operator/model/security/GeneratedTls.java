package com.suresoft.ams.operator.model.security;

import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The data tier's certificates when cert-manager is not installed: a CA of the instance, generated
 * once and then kept (its Secret {@code <name>-ca}, like {@code <name>-secrets}, outlives the
 * instance; only its certificate is re-signed with the same key before it ends, so what it signed
 * stays valid), and the server Secrets cert-manager would write, each re-issued when it is missing,
 * unreadable, not signed by the CA, for other names, or within {@link #RENEW_BEFORE} of its end.
 *
 * <p>Pure apart from the keys: the time and a source of new key pairs are inputs, and a Secret that
 * is still good comes back with exactly its data, so a steady reconciliation writes nothing.
 */
public final class GeneratedTls {
  /** Validity of the CA certificate. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** Validity of a server certificate. */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(365);

  /** How long before its end a certificate is issued anew. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Certificates start a little in the past, for clocks that lag the operator's. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final String SIGNATURE = "SHA256withECDSA";

  /**
   * The annotation with which the operator seals the data of the Secrets it issues or has checked
   * ({@link Ca#seal}).
   */
  public static final String SEAL = "ams.suresoft.com/tls-seal";

  private static final byte[] SEAL_CONTEXT =
      "ams.suresoft.com/tls-seal\0".getBytes(StandardCharsets.UTF_8);

  private GeneratedTls() {}

  /**
   * The CA Secret and the server Secrets, keyed by name.
   *
   * @param existing the Secrets as they are now, by name (absent: none yet)
   * @param keys new EC key pairs (P-256), asked only for what must be issued
   */
  public static Map<String, Secret> desired(
      InstanceModel m, Map<String, Secret> existing, Instant now, Supplier<KeyPair> keys) {
    var names = m.names();
    var result = new LinkedHashMap<String, Secret>();
    var caSecret = ca(names.caSecret(), Stored.of(existing.get(names.caSecret())), now, keys);
    var ca = caSecret.ca();
    var caData = caSecret.data();
    result.put(names.caSecret(), secret(m, names.caSecret(), caData, ca.seal(caData)));
    for (var server : DataTls.servers(m)) {
      var current = Stored.of(existing.get(server.secretName()));
      var wanted = new HashSet<>(DataTls.dnsNames(m, server));
      var data =
          current != null && stillGood(current, ca, caData.get(DataTls.TLS_CRT), wanted, now)
              ? current.data()
              : issue(ca, caData.get(DataTls.TLS_CRT), server.secretName(), wanted, now, keys);
      result.put(server.secretName(), secret(m, server.secretName(), data, ca.seal(data)));
    }
    return result;
  }

  /**
   * A Secret as it is: its decoded data and the seal it carries ({@link #SEAL}), if any; null for
   * no Secret.
   */
  record Stored(Map<String, String> data, Optional<String> seal) {
    static Stored of(Secret secret) {
      if (secret == null) {
        return null;
      }
      var annotations = secret.getMetadata().getAnnotations();
      return new Stored(
          AppSecret.decode(secret),
          Optional.ofNullable(annotations == null ? null : annotations.get(SEAL)));
    }
  }

  /**
   * Whether {@code seal} is the seal of the CA of {@code caData} over {@code data}: what a later
   * check finds of a Secret with that seal.
   */
  public static boolean sealMatches(
      Map<String, String> caData, Map<String, String> data, String seal) {
    return Ca.of(caData, Optional.empty()).map(ca -> ca.seal(data).equals(seal)).orElse(false);
  }

  /** The CA and the data of its Secret. */
  private record CaSecret(Ca ca, Map<String, String> data) {
    CaSecret(Ca ca) {
      this(ca, caData(ca));
    }
  }

  /** The CA: kept while readable, re-signed with its key near its end, else new. */
  private static CaSecret ca(
      String commonName, Stored current, Instant now, Supplier<KeyPair> keys) {
    var ca = current == null ? Optional.<Ca>empty() : Ca.of(current.data(), current.seal());
    if (ca.isPresent()) {
      if (ca.get().cert().getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
        return new CaSecret(ca.get(), current.data());
      }
      return new CaSecret(selfSigned(commonName, ca.get().keys(), now));
    }
    return new CaSecret(selfSigned(commonName, keys.get(), now));
  }

  private static Map<String, String> caData(Ca ca) {
    var data = new TreeMap<String, String>();
    String pem = pem(ca.cert());
    data.put(DataTls.TLS_CRT, pem);
    data.put(DataTls.TLS_KEY, pem(ca.keys().getPrivate()));
    data.put(DataTls.CA_CRT, pem);
    return data;
  }

  /**
   * Whether a server Secret can be kept: for this CA, for these names, not near its end, and signed
   * by the CA with a key that belongs to it. The last two cost three EC operations a certificate; a
   * Secret the CA's seal vouches for has passed them before (see {@link Ca#seal}).
   */
  private static boolean stillGood(
      Stored stored, Ca ca, String caPem, Set<String> dnsNames, Instant now) {
    var data = stored.data();
    if (!caPem.equals(data.get(DataTls.CA_CRT)) || data.get(DataTls.TLS_KEY) == null) {
      return false;
    }
    try {
      var cert = parse(data.get(DataTls.TLS_CRT));
      if (!cert.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
          || !dnsNames.equals(new HashSet<>(sans(cert, X509Certificates.DNS_NAME)))) {
        return false;
      }
      if (stored.seal().equals(Optional.of(ca.seal(data)))) {
        return true;
      }
      cert.verify(ca.cert().getPublicKey());
      return matches(cert.getPublicKey(), privateKey(data.get(DataTls.TLS_KEY)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** A server certificate for {@code dnsNames} and the loopback address, signed by the CA. */
  private static Map<String, String> issue(
      Ca ca,
      String caPem,
      String commonName,
      Set<String> dnsNames,
      Instant now,
      Supplier<KeyPair> keys) {
    var pair = keys.get();
    try {
      var tbs =
          X509Certificates.tbsCertificate(
              // The issuer exactly as the CA's certificate encodes its subject.
              ca.cert().getSubjectX500Principal().getEncoded(),
              serial(pair),
              now.minus(BACKDATE),
              now.plus(SERVER_VALIDITY),
              X509Certificates.commonName(commonName),
              pair.getPublic(),
              List.of(
                  X509Certificates.endEntityConstraints(),
                  X509Certificates.keyUsage(X509Certificates.DIGITAL_SIGNATURE),
                  X509Certificates.extendedKeyUsage(X509Certificates.SERVER_AUTH),
                  X509Certificates.subjectAltNames(
                      dnsNames.stream().sorted().toList(),
                      // A literal address: getByName only checks its form, it looks nothing up.
                      List.of(InetAddress.getByName(DataTls.LOOPBACK))),
                  X509Certificates.subjectKeyIdentifier(pair.getPublic()),
                  X509Certificates.authorityKeyIdentifier(ca.cert().getPublicKey())));
      var cert = X509Certificates.sign(tbs, ca.keys().getPrivate());
      var data = new TreeMap<String, String>();
      data.put(DataTls.TLS_CRT, pem(cert));
      data.put(DataTls.TLS_KEY, pem(pair.getPrivate()));
      data.put(DataTls.CA_CRT, caPem);
      return data;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static Ca selfSigned(String commonName, KeyPair pair, Instant now) {
    var subject = X509Certificates.commonName(commonName);
    try {
      var tbs =
          X509Certificates.tbsCertificate(
              subject,
              serial(pair),
              now.minus(BACKDATE),
              now.plus(CA_VALIDITY),
              subject,
              pair.getPublic(),
              List.of(
                  // It signs the server certificates, and no CA below it.
                  X509Certificates.caConstraints(0),
                  X509Certificates.keyUsage(
                      X509Certificates.KEY_CERT_SIGN, X509Certificates.CRL_SIGN),
                  X509Certificates.subjectKeyIdentifier(pair.getPublic())));
      return new Ca(X509Certificates.sign(tbs, pair.getPrivate()), pair);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the CA " + commonName, e);
    }
  }

  /** A random positive 127-bit serial (RFC 5280 allows up to 20 octets). */
  private static BigInteger serial(KeyPair pair) {
    // Derived from the new public key, which is random: no second random source is needed.
    byte[] digest;
    try {
      digest =
          java.security.MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new BigInteger(1, java.util.Arrays.copyOf(digest, 16)).shiftRight(1);
  }

  /** The CA as read from its Secret: certificate and key pair. */
  record Ca(X509Certificate cert, KeyPair keys) {
    /**
     * The CA of a Secret's data, if its certificate is a CA's and its key is the certificate's; a
     * seal of this CA over the same data stands for the second check (see {@link #seal}).
     */
    static Optional<Ca> of(Map<String, String> data, Optional<String> seal) {
      try {
        var cert = parse(data.get(DataTls.TLS_CRT));
        var key = privateKey(data.get(DataTls.TLS_KEY));
        if (cert.getBasicConstraints() < 0) {
          return Optional.empty();
        }
        var ca = new Ca(cert, new KeyPair(cert.getPublicKey(), key));
        if (!seal.equals(Optional.of(ca.seal(data))) && !matches(cert.getPublicKey(), key)) {
          return Optional.empty();
        }
        return Optional.of(ca);
      } catch (GeneralSecurityException | RuntimeException e) {
        return Optional.empty();
      }
    }

    /**
     * The CA's seal over a Secret's data: an HMAC-SHA256 of its three keys under a key derived from
     * the CA's private key. The operator writes it on each Secret it issues or has checked, so that
     * later passes (and a restarted operator, whose memo is empty) need not verify the signature
     * and the key pair again, three EC operations a certificate: a Secret whose data someone
     * changed no longer matches its seal and is checked in full. Only the holder of the CA's key
     * can make a seal, and it could sign certificates anyway. Not secret: an HMAC reveals nothing
     * of its key or of the data.
     */
    String seal(Map<String, String> data) {
      try {
        var sealKey =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(concat(SEAL_CONTEXT, keys.getPrivate().getEncoded()));
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(sealKey, "HmacSHA256"));
        for (String k : List.of(DataTls.TLS_CRT, DataTls.TLS_KEY, DataTls.CA_CRT)) {
          // PEM holds no NUL: the fields cannot run into each other.
          mac.update((k + "\0" + data.getOrDefault(k, "") + "\0").getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(mac.doFinal());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] concat(byte[] a, byte[] b) {
      var result = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, result, a.length, b.length);
      return result;
    }
  }

  /** Whether the private key belongs to the public key (signs what the public key verifies). */
  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (!(publicKey instanceof ECPublicKey)) {
      return false;
    }
    try {
      byte[] probe = "ams-key-check".getBytes(StandardCharsets.UTF_8);
      var signer = java.security.Signature.getInstance(SIGNATURE);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      var verifier = java.security.Signature.getInstance(SIGNATURE);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The subject alternative names of one type (DNS or IP) of a certificate. */
  public static List<String> sans(X509Certificate cert, int type) {
    var result = new ArrayList<String>();
    try {
      Collection<List<?>> all = cert.getSubjectAlternativeNames();
      if (all != null) {
        for (var san : all) {
          if (((Integer) san.get(0)) == type) {
            result.add((String) san.get(1));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IllegalArgumentException(e);
    }
    return result;
  }

  /**
   * The first certificate of a PEM text (a Secret's {@code tls.crt} or {@code ca.crt}), as {@code
   * CertificateFactory.generateCertificate} reads one, but not kept in the JDK's cache ({@link
   * X509Certificates#parse}).
   */
  public static X509Certificate parse(String pem) throws GeneralSecurityException {
    if (pem == null) {
      throw new GeneralSecurityException("no certificate");
    }
    return X509Certificates.parse(pem.getBytes(StandardCharsets.US_ASCII));
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (pem == null || !pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException("no PKCS#8 private key");
    }
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static String pem(X509Certificate cert) {
    try {
      return pem("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Secret secret(
      InstanceModel m, String name, Map<String, String> data, String seal) {
    var encoded = new TreeMap<String, String>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(DataTls.labels(m))
        .withAnnotations(Map.of(SEAL, seal))
        .endMetadata()
        .withType(DataTls.SECRET_TYPE)
        .withData(encoded)
        .build();
  }
}
