package com.suresoft.ams.operator.model.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * X.509 v3 certificates made with the JDK alone. The JDK reads and verifies certificates but has no
 * public API to build them, so this writes the DER (X.690) of the one kind of certificate {@link
 * GeneratedTls} issues (RFC 5280 section 4.1: a name of one common name, the key's own
 * SubjectPublicKeyInfo, ECDSA with SHA-256, and the extensions below), signs it, and has {@link
 * CertificateFactory} parse the result, so an encoding mistake fails here rather than in a server.
 */
final class X509Certificates {
  /** GeneralName tags (RFC 5280 4.2.1.6), as {@code getSubjectAlternativeNames()} reports them. */
  static final int DNS_NAME = 2;

  static final int IP_ADDRESS = 7;

  /** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
  static final int DIGITAL_SIGNATURE = 0;

  static final int KEY_CERT_SIGN = 5;
  static final int CRL_SIGN = 6;

  /** id-kp-serverAuth (RFC 5280 4.2.1.12). */
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";

  private static final int BOOLEAN = 0x01;
  private static final int INTEGER = 0x02;
  private static final int BIT_STRING = 0x03;
  private static final int OCTET_STRING = 0x04;
  private static final int OBJECT_IDENTIFIER = 0x06;
  private static final int UTF8_STRING = 0x0c;
  private static final int UTC_TIME = 0x17;
  private static final int GENERALIZED_TIME = 0x18;
  private static final int SEQUENCE = 0x30;
  private static final int SET = 0x31;
  private static final byte[] TRUE = {BOOLEAN, 1, (byte) 0xff};

  private static final DateTimeFormatter UTC_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private X509Certificates() {}

  /** One extension: its OID, whether it is critical, and the DER of its value. */
  record Extension(String oid, boolean critical, byte[] value) {}

  /**
   * The DER of a v3 TBSCertificate, to be signed with ECDSA over SHA-256 by {@link #sign}.
   *
   * @param issuer the DER of the issuer's Name, byte for byte its certificate's subject (RFC 5280
   *     7.1 compares names as encoded, so re-encoding it could break the chain)
   * @param subject the DER of the subject's Name, e.g. {@link #commonName}
   */
  static byte[] tbsCertificate(
      byte[] issuer,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      byte[] subject,
      PublicKey subjectKey,
      List<Extension> extensions) {
    var encoded = new byte[extensions.size()][];
    for (int i = 0; i < encoded.length; i++) {
      var e = extensions.get(i);
      // DER leaves out a BOOLEAN that equals its DEFAULT, and critical is DEFAULT FALSE.
      encoded[i] =
          e.critical()
              ? tlv(SEQUENCE, oid(e.oid()), TRUE, tlv(OCTET_STRING, e.value()))
              : tlv(SEQUENCE, oid(e.oid()), tlv(OCTET_STRING, e.value()));
    }
    return tlv(
        SEQUENCE,
        tlv(0xa0, integer(BigInteger.TWO)), // [0] EXPLICIT version: v3
        integer(serial),
        signatureAlgorithm(),
        issuer,
        tlv(SEQUENCE, time(notBefore), time(notAfter)),
        subject,
        subjectKey.getEncoded(), // already a DER SubjectPublicKeyInfo
        tlv(0xa3, tlv(SEQUENCE, encoded))); // [3] EXPLICIT extensions
  }

  /** The certificate of {@code tbsCertificate}, signed with the issuer's EC key. */
  static X509Certificate sign(byte[] tbsCertificate, PrivateKey issuerKey)
      throws GeneralSecurityException {
    var signer = Signature.getInstance(SIGNATURE);
    signer.initSign(issuerKey);
    signer.update(tbsCertificate);
    byte[] certificate =
        tlv(SEQUENCE, tbsCertificate, signatureAlgorithm(), bitString(signer.sign()));
    return parse(certificate);
  }

  /**
   * The first certificate of an encoding (DER, or PEM with any text around it), as {@code
   * CertificateFactory.generateCertificate} reads one, but without the JDK's cache of certificates.
   *
   * <p>Why not {@code generateCertificate} itself: the JDK's X.509 factory keeps every certificate
   * that method parses in a cache of 750, by soft reference, so until the heap runs short. Every
   * certificate the operator issues was parsed that way, and none is read again from there (a
   * Secret's certificate is parsed from its own data when its set is out of step): at 1,000
   * instances the cache held 750 of them, about 3 KiB of live heap per instance (#19). {@code
   * generateCertificates} reads the same encodings (it reads block after block as the other reads
   * one) without it.
   */
  static X509Certificate parse(byte[] encoded) throws CertificateException {
    var parsed =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(encoded));
    if (parsed.isEmpty()) {
      throw new CertificateException("no certificate");
    }
    return (X509Certificate) parsed.iterator().next();
  }

  /**
   * The DER of the Name {@code CN=<value>}: one RDN, the value a UTF8String (RFC 5280 4.1.2.4). The
   * value is taken as it is, not parsed as a DN string; callers pass Kubernetes object names.
   */
  static byte[] commonName(String value) {
    return tlv(
        SEQUENCE,
        tlv(
            SET,
            tlv(
                SEQUENCE,
                oid(COMMON_NAME),
                tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8)))));
  }

  /** basicConstraints of a CA with at most {@code maxPathLength} CAs below it; critical. */
  static Extension caConstraints(int maxPathLength) {
    return new Extension(
        BASIC_CONSTRAINTS, true, tlv(SEQUENCE, TRUE, integer(BigInteger.valueOf(maxPathLength))));
  }

  /** basicConstraints of an end entity: the empty SEQUENCE (cA is DEFAULT FALSE); critical. */
  static Extension endEntityConstraints() {
    return new Extension(BASIC_CONSTRAINTS, true, tlv(SEQUENCE));
  }

  /** keyUsage with the given bits set ({@link #DIGITAL_SIGNATURE} ...); critical. */
  static Extension keyUsage(int... bits) {
    return new Extension(KEY_USAGE, true, namedBits(bits));
  }

  /** extendedKeyUsage of the given purposes; not critical. */
  static Extension extendedKeyUsage(String... purposes) {
    var oids = new byte[purposes.length][];
    for (int i = 0; i < purposes.length; i++) {
      oids[i] = oid(purposes[i]);
    }
    return new Extension(EXTENDED_KEY_USAGE, false, tlv(SEQUENCE, oids));
  }

  /** subjectAltName: the DNS names, then the IP addresses, in the given order; not critical. */
  static Extension subjectAltNames(List<String> dnsNames, List<InetAddress> addresses) {
    var names = new byte[dnsNames.size() + addresses.size()][];
    int i = 0;
    for (var dns : dnsNames) {
      // [2] IMPLICIT IA5String: DNS names are ASCII (RFC 5280 4.2.1.6).
      if (!StandardCharsets.US_ASCII.newEncoder().canEncode(dns)) {
        throw new IllegalArgumentException("not an ASCII DNS name: " + dns);
      }
      names[i++] = tlv(0x80 | DNS_NAME, dns.getBytes(StandardCharsets.US_ASCII));
    }
    for (var address : addresses) {
      // [7] IMPLICIT OCTET STRING: the 4 or 16 address bytes.
      names[i++] = tlv(0x80 | IP_ADDRESS, address.getAddress());
    }
    return new Extension(SUBJECT_ALT_NAME, false, tlv(SEQUENCE, names));
  }

  /** subjectKeyIdentifier of the key (RFC 5280 4.2.1.2 method 1); not critical. */
  static Extension subjectKeyIdentifier(PublicKey key) throws GeneralSecurityException {
    return new Extension(SUBJECT_KEY_IDENTIFIER, false, tlv(OCTET_STRING, keyIdentifier(key)));
  }

  /**
   * authorityKeyIdentifier naming the issuer by its key's identifier alone ([0] keyIdentifier, the
   * same as the issuer's subjectKeyIdentifier); not critical.
   */
  static Extension authorityKeyIdentifier(PublicKey issuerKey) throws GeneralSecurityException {
    return new Extension(
        AUTHORITY_KEY_IDENTIFIER, false, tlv(SEQUENCE, tlv(0x80, keyIdentifier(issuerKey))));
  }

  /** The SHA-1 of the subjectPublicKey BIT STRING's bits, without tag, length or unused-bits. */
  static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-1").digest(subjectPublicKey(key.getEncoded()));
  }

  /**
   * A validity time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), both in
   * whole seconds and UTC, the only forms the RFC allows.
   */
  static byte[] time(Instant instant) {
    var seconds = instant.truncatedTo(ChronoUnit.SECONDS);
    int year = seconds.atOffset(ZoneOffset.UTC).getYear();
    return year >= 1950 && year <= 2049
        ? tlv(UTC_TIME, UTC_TIME_FORMAT.format(seconds).getBytes(StandardCharsets.US_ASCII))
        : tlv(
            GENERALIZED_TIME,
            GENERALIZED_TIME_FORMAT.format(seconds).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A named bit list (X.690 11.2.2): bit 0 is the first byte's high bit, and DER drops trailing
   * zero bits, so the first content byte counts the unused bits of the last.
   */
  static byte[] namedBits(int... bits) {
    int highest = Arrays.stream(bits).max().orElse(-1);
    byte[] content = new byte[1 + (highest + 8) / 8];
    for (int bit : bits) {
      content[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    content[0] = (byte) (highest < 0 ? 0 : 7 - highest % 8);
    return tlv(BIT_STRING, content);
  }

  private static byte[] signatureAlgorithm() {
    // ecdsa-with-SHA256 takes no parameters: the field is absent, not NULL (RFC 5758 3.2).
    return tlv(SEQUENCE, oid(ECDSA_WITH_SHA256));
  }

  private static byte[] integer(BigInteger value) {
    // Two's complement in the fewest bytes, which is what toByteArray gives.
    return tlv(INTEGER, value.toByteArray());
  }

  private static byte[] bitString(byte[] octets) {
    byte[] content = new byte[octets.length + 1]; // content[0] = 0 unused bits
    System.arraycopy(octets, 0, content, 1, octets.length);
    return tlv(BIT_STRING, content);
  }

  static byte[] oid(String dotted) {
    var arcs = Arrays.stream(dotted.split("\\.")).mapToLong(Long::parseLong).toArray();
    var out = new ByteArrayOutputStream();
    base128(out, arcs[0] * 40 + arcs[1]); // the first two arcs share one sub-identifier
    for (int i = 2; i < arcs.length; i++) {
      base128(out, arcs[i]);
    }
    return tlv(OBJECT_IDENTIFIER, out.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = 1;
    while (value >>> (7 * groups) != 0) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int septet = (int) (value >>> (7 * g)) & 0x7f;
      out.write(g == 0 ? septet : septet | 0x80);
    }
  }

  /** Tag, definite length (short form below 128, else long form), then the contents. */
  static byte[] tlv(int tag, byte[]... contents) {
    int length = 0;
    for (var c : contents) {
      length += c.length;
    }
    var out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | octets);
      for (int i = octets - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    for (var c : contents) {
      out.writeBytes(c);
    }
    return out.toByteArray();
  }

  /**
   * The subjectPublicKey bits of a DER SubjectPublicKeyInfo, {@code SEQUENCE { algorithm
   * AlgorithmIdentifier, subjectPublicKey BIT STRING }}: what key identifiers hash.
   */
  private static byte[] subjectPublicKey(byte[] spki) {
    int[] info = header(spki, 0, SEQUENCE);
    int[] algorithm = header(spki, info[0], SEQUENCE);
    int[] key = header(spki, algorithm[0] + algorithm[1], BIT_STRING);
    if (key[1] < 1 || spki[key[0]] != 0) {
      throw new IllegalArgumentException("a public key that is not whole bytes");
    }
    return Arrays.copyOfRange(spki, key[0] + 1, key[0] + key[1]);
  }

  /** The start and length of the contents of the element at {@code at}, which must be a tag. */
  private static int[] header(byte[] der, int at, int tag) {
    if (at + 2 > der.length || (der[at] & 0xff) != tag) {
      throw new IllegalArgumentException("not the DER expected: tag " + tag + " at " + at);
    }
    int first = der[at + 1] & 0xff;
    int start = at + 2;
    int length = first;
    if (first >= 0x80) {
      int octets = first & 0x7f;
      if (octets < 1 || octets > 3 || start + octets > der.length) {
        throw new IllegalArgumentException("not the DER expected: length at " + (at + 1));
      }
      length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (der[start + i] & 0xff);
      }
      start += octets;
    }
    if (start + length > der.length) {
      throw new IllegalArgumentException("not the DER expected: truncated at " + at);
    }
    return new int[] {start, length};
  }
}
