package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.testing.RequiredProgram;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DER that {@link X509Certificates} writes, read back by the JDK's CertificateFactory (and by
 * OpenSSL, as the data tier's servers and clients read it): every field and extension of a CA and a
 * server certificate, and the exact bytes of the encodings where DER leaves no choice.
 */
class X509CertificatesTest {
  private static final EcKeyPairs KEYS = new EcKeyPairs(new SecureRandom());

  /** Milliseconds that a certificate drops: it keeps whole seconds. */
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");

  /** From 2050 on, validity is a GeneralizedTime rather than a UTCTime. */
  private static final Instant CA_END = Instant.parse("2050-01-01T00:00:00Z");

  private static final Instant SERVER_END = Instant.parse("2027-03-01T12:00:00Z");

  /** 16 bytes with the high bit set: DER needs a leading zero byte to keep it positive. */
  private static final BigInteger CA_SERIAL = BigInteger.ONE.shiftLeft(127).add(BigInteger.TEN);

  private static final BigInteger SERVER_SERIAL = BigInteger.valueOf(0x1234);

  private static final String SKI = "2.5.29.14";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SAN = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String AKI = "2.5.29.35";
  private static final String EKU = "2.5.29.37";

  private final KeyPair caKeys = KEYS.get();
  private final KeyPair serverKeys = KEYS.get();

  private X509Certificate ca() throws Exception {
    var name = X509Certificates.commonName("test-ca");
    return X509Certificates.sign(
        X509Certificates.tbsCertificate(
            name,
            CA_SERIAL,
            NOW,
            CA_END,
            name,
            caKeys.getPublic(),
            List.of(
                X509Certificates.caConstraints(0),
                X509Certificates.keyUsage(
                    X509Certificates.KEY_CERT_SIGN, X509Certificates.CRL_SIGN),
                X509Certificates.subjectKeyIdentifier(caKeys.getPublic()))),
        caKeys.getPrivate());
  }

  private X509Certificate server(X509Certificate ca) throws Exception {
    return X509Certificates.sign(
        X509Certificates.tbsCertificate(
            ca.getSubjectX500Principal().getEncoded(),
            SERVER_SERIAL,
            NOW,
            SERVER_END,
            X509Certificates.commonName("db-tls"),
            serverKeys.getPublic(),
            List.of(
                X509Certificates.endEntityConstraints(),
                X509Certificates.keyUsage(X509Certificates.DIGITAL_SIGNATURE),
                X509Certificates.extendedKeyUsage(X509Certificates.SERVER_AUTH),
                X509Certificates.subjectAltNames(
                    List.of("db.example", "localhost"),
                    List.of(InetAddress.getByName("127.0.0.1"))),
                X509Certificates.subjectKeyIdentifier(serverKeys.getPublic()),
                X509Certificates.authorityKeyIdentifier(ca.getPublicKey()))),
        caKeys.getPrivate());
  }

  /**
   * Neither a certificate the operator signs nor one it reads from a Secret stays in the JDK's
   * cache of parsed certificates: {@code generateCertificate} hands out the instance it cached for
   * the same encoding, so it would hand back the operator's own.
   */
  @Test
  void parsedCertificatesStayOutOfTheJdksCache() throws Exception {
    var factory = CertificateFactory.getInstance("X.509");
    var signed = ca();
    assertThat(factory.generateCertificate(new ByteArrayInputStream(signed.getEncoded())))
        .isEqualTo(signed)
        .isNotSameAs(signed);

    var other = server(signed);
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(other.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    var read = GeneratedTls.parse(pem);
    assertThat(read).isEqualTo(other);
    assertThat(factory.generateCertificate(new ByteArrayInputStream(other.getEncoded())))
        .isNotSameAs(read);
  }

  /** As {@code generateCertificate} reads a PEM text: its first certificate, whatever follows. */
  @Test
  void aPemTextGivesItsFirstCertificate() throws Exception {
    var ca = ca();
    var server = server(ca);
    String pem = "leading text\n" + block(server) + block(ca) + "trailing text";
    assertThat(GeneratedTls.parse(pem)).isEqualTo(server);
    assertThatThrownBy(() -> GeneratedTls.parse("no certificate here"))
        .isInstanceOf(java.security.cert.CertificateException.class);
    assertThatThrownBy(
            () ->
                GeneratedTls.parse(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(java.security.cert.CertificateException.class);
  }

  private static String block(X509Certificate cert) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void aCaCertificateReadsBackWithEveryField() throws Exception {
    var ca = ca();
    assertThat(ca.getVersion()).isEqualTo(3);
    assertThat(ca.getSerialNumber()).isEqualTo(CA_SERIAL);
    assertThat(ca.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=test-ca"));
    assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(ca.getNotBefore().toInstant()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(CA_END);
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(ca.getSigAlgParams()).isNull();
    assertThat(ca.getPublicKey()).isEqualTo(caKeys.getPublic());
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(ca.getExtendedKeyUsage()).isNull();
    assertThat(ca.getSubjectAlternativeNames()).isNull();
    assertThat(ca.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(ca.getNonCriticalExtensionOIDs()).containsExactly(SKI);
    // getExtensionValue wraps extnValue in one more OCTET STRING.
    assertThat(ca.getExtensionValue(SKI))
        .isEqualTo(concat(bytes(0x04, 22, 0x04, 20), keyId(ca.getPublicKey())));
    ca.verify(caKeys.getPublic());
  }

  @Test
  void aServerCertificateReadsBackWithEveryFieldAndVerifiesWithTheCaKeyOnly() throws Exception {
    var ca = ca();
    var server = server(ca);
    assertThat(server.getVersion()).isEqualTo(3);
    assertThat(server.getSerialNumber()).isEqualTo(SERVER_SERIAL);
    assertThat(server.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=db-tls"));
    assertThat(server.getIssuerX500Principal().getEncoded())
        .isEqualTo(ca.getSubjectX500Principal().getEncoded());
    assertThat(server.getNotBefore().toInstant()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(server.getNotAfter().toInstant()).isEqualTo(SERVER_END);
    assertThat(server.getPublicKey()).isEqualTo(serverKeys.getPublic());
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getKeyUsage())
        .containsExactly(true, false, false, false, false, false, false, false, false);
    assertThat(server.getExtendedKeyUsage()).containsExactly(X509Certificates.SERVER_AUTH);
    assertThat(server.getSubjectAlternativeNames())
        .containsExactly(
            List.of(X509Certificates.DNS_NAME, "db.example"),
            List.of(X509Certificates.DNS_NAME, "localhost"),
            List.of(X509Certificates.IP_ADDRESS, "127.0.0.1"));
    assertThat(GeneratedTls.sans(server, X509Certificates.IP_ADDRESS)).containsExactly("127.0.0.1");
    assertThat(server.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(server.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(EKU, SAN, SKI, AKI);
    assertThat(server.getExtensionValue(SKI))
        .isEqualTo(concat(bytes(0x04, 22, 0x04, 20), keyId(server.getPublicKey())));
    // The authority key identifier is the CA's subject key identifier, as [0] keyIdentifier.
    assertThat(server.getExtensionValue(AKI))
        .isEqualTo(concat(bytes(0x04, 24, 0x30, 22, 0x80, 20), keyId(ca.getPublicKey())));
    server.verify(ca.getPublicKey());
    assertThatThrownBy(() -> server.verify(serverKeys.getPublic()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void encodingsAreTheOnlyOnesDerAllows() {
    var hex = HexFormat.of();
    // Named bits: trailing zero bits dropped, the first byte counting the last byte's unused bits.
    assertThat(X509Certificates.keyUsage(X509Certificates.DIGITAL_SIGNATURE).value())
        .isEqualTo(hex.parseHex("03020780"));
    assertThat(
            X509Certificates.keyUsage(X509Certificates.KEY_CERT_SIGN, X509Certificates.CRL_SIGN)
                .value())
        .isEqualTo(hex.parseHex("03020106"));
    assertThat(X509Certificates.namedBits(8)).isEqualTo(hex.parseHex("0303070080"));
    // cA is DEFAULT FALSE, so an end entity's basicConstraints is the empty SEQUENCE.
    assertThat(X509Certificates.endEntityConstraints().value()).isEqualTo(hex.parseHex("3000"));
    assertThat(X509Certificates.caConstraints(0).value())
        .isEqualTo(hex.parseHex("30060101ff020100"));
    assertThat(X509Certificates.oid("1.2.840.10045.4.3.2"))
        .isEqualTo(hex.parseHex("06082a8648ce3d040302"));
    assertThat(X509Certificates.oid("1.3.6.1.5.5.7.3.1"))
        .isEqualTo(hex.parseHex("06082b06010505070301"));
    // CN=ams-ca with the value a UTF8String.
    assertThat(X509Certificates.commonName("ams-ca"))
        .isEqualTo(
            hex.parseHex("3011310f300d0603550403" + "0c06" + hex.formatHex(ascii("ams-ca"))));
    // Definite lengths: short form below 128, then the fewest length octets.
    assertThat(X509Certificates.tlv(0x04, new byte[127])).startsWith(hex.parseHex("047f"));
    assertThat(X509Certificates.tlv(0x04, new byte[200])).startsWith(hex.parseHex("0481c8"));
    assertThat(X509Certificates.tlv(0x04, new byte[300])).startsWith(hex.parseHex("0482012c"));
  }

  @Test
  void validityIsAUtcTimeThrough2049AndAGeneralizedTimeFrom2050InWholeSeconds() {
    assertThat(X509Certificates.time(Instant.parse("2049-12-31T23:59:59.999Z")))
        .isEqualTo(concat(bytes(0x17, 13), ascii("491231235959Z")));
    assertThat(X509Certificates.time(Instant.parse("2050-01-01T00:00:00Z")))
        .isEqualTo(concat(bytes(0x18, 15), ascii("20500101000000Z")));
    assertThat(X509Certificates.time(Instant.parse("1950-01-01T00:00:00Z")))
        .isEqualTo(concat(bytes(0x17, 13), ascii("500101000000Z")));
    assertThat(X509Certificates.time(Instant.parse("1949-12-31T23:59:59Z")))
        .isEqualTo(concat(bytes(0x18, 15), ascii("19491231235959Z")));
  }

  @Test
  void openSslReadsTheCertificatesAndAcceptsTheServerCertificateOfTheCa(@TempDir Path dir)
      throws Exception {
    RequiredProgram.require("openssl");
    var ca = ca();
    var caFile = Files.writeString(dir.resolve("ca.crt"), pem(ca));
    var serverFile = Files.writeString(dir.resolve("server.crt"), pem(server(ca)));

    assertThat(openssl("x509", "-noout", "-text", "-in", caFile.toString()))
        .contains("Signature Algorithm: ecdsa-with-SHA256")
        .contains("Subject: CN = test-ca")
        .contains("Not After : Jan  1 00:00:00 2050 GMT")
        .containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE, pathlen:0")
        .containsPattern("X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign")
        .contains("X509v3 Subject Key Identifier");
    assertThat(openssl("x509", "-noout", "-text", "-in", serverFile.toString()))
        .contains("Issuer: CN = test-ca")
        .contains("Subject: CN = db-tls")
        .containsPattern("X509v3 Basic Constraints: critical\\s+CA:FALSE")
        .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature")
        .containsPattern("X509v3 Extended Key Usage:\\s+TLS Web Server Authentication")
        .containsPattern(
            "X509v3 Subject Alternative Name:\\s+DNS:db.example, DNS:localhost, IP Address:127.0.0.1")
        .contains("X509v3 Authority Key Identifier");
    assertThat(
            openssl(
                "verify",
                "-CAfile",
                caFile.toString(),
                "-purpose",
                "sslserver",
                "-verify_hostname",
                "db.example",
                serverFile.toString()))
        .contains(serverFile + ": OK");
  }

  /** The key identifier computed apart from the encoder: SHA-1 of the uncompressed P-256 point. */
  private static byte[] keyId(java.security.PublicKey key) throws Exception {
    var w = ((ECPublicKey) key).getW();
    byte[] point = concat(bytes(0x04), fixed(w.getAffineX()), fixed(w.getAffineY()));
    return MessageDigest.getInstance("SHA-1").digest(point);
  }

  private static byte[] fixed(BigInteger coordinate) {
    byte[] raw = coordinate.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (var p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String pem(X509Certificate cert) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static String openssl(String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add("openssl");
    command.addAll(List.of(args));
    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
