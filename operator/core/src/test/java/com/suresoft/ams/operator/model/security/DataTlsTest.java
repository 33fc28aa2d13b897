package com.suresoft.ams.operator.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.testing.RequiredProgram;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data tier's certificates: the Secrets the operator issues without cert-manager (checked with
 * OpenSSL, as the servers and clients will read them) and the cert-manager objects otherwise.
 */
class DataTlsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final InstanceModel PRODUCTION =
      InstanceModel.of(TestInstances.sample("production"));

  /** GeneralName tags (RFC 5280 4.2.1.6) as getSubjectAlternativeNames() reports them. */
  private static final int DNS_NAME = 2;

  private static final int IP_ADDRESS = 7;

  /** Key pairs from a real source, counting how many were asked for. */
  private static final class CountingKeys implements Supplier<KeyPair> {
    final AtomicInteger asked = new AtomicInteger();
    final EcKeyPairs keys = new EcKeyPairs(new SecureRandom());

    @Override
    public KeyPair get() {
      asked.incrementAndGet();
      return keys.get();
    }
  }

  private static Map<String, Map<String, String>> decoded(Map<String, Secret> secrets) {
    var result = new HashMap<String, Map<String, String>>();
    secrets.forEach((name, s) -> result.put(name, AppSecret.decode(s)));
    return result;
  }

  @Test
  void everyServerGetsACertificateForItsServiceNamesSignedByTheInstancesCa(@TempDir Path dir)
      throws Exception {
    RequiredProgram.require("openssl");
    var secrets = GeneratedTls.desired(PRODUCTION, Map.of(), T0, new CountingKeys());
    var names = PRODUCTION.names();
    assertThat(secrets.keySet())
        .containsExactly(
            "ams-ca", "ams-postgres-tls", "ams-pgbouncer-tls", "ams-redis-tls", "ams-minio-tls");
    var data = decoded(secrets);
    String ca = data.get(names.caSecret()).get("tls.crt");
    Files.writeString(dir.resolve("ca.crt"), ca);
    for (var server : DataTls.servers(PRODUCTION)) {
      var secret = secrets.get(server.secretName());
      assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
      assertThat(secret.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/component", "tls");
      var d = data.get(server.secretName());
      assertThat(d).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
      assertThat(d.get("ca.crt")).isEqualTo(ca);
      var cert = GeneratedTls.parse(d.get("tls.crt"));
      String svc = server.services().get(0);
      assertThat(GeneratedTls.sans(cert, DNS_NAME))
          .contains(svc, svc + ".ams", svc + ".ams.svc", svc + ".ams.svc.cluster.local")
          .contains("localhost");
      assertThat(GeneratedTls.sans(cert, IP_ADDRESS)).containsExactly("127.0.0.1");
      // OpenSSL, as the servers and clients use it: a TLS server certificate of this CA.
      var crt = Files.writeString(dir.resolve(server.secretName() + ".crt"), d.get("tls.crt"));
      var key = Files.writeString(dir.resolve(server.secretName() + ".key"), d.get("tls.key"));
      assertThat(
              openssl(
                  "verify",
                  "-CAfile",
                  dir.resolve("ca.crt").toString(),
                  "-purpose",
                  "sslserver",
                  "-verify_hostname",
                  svc,
                  crt.toString()))
          .contains(": OK");
      // The key is the certificate's: their public keys agree.
      assertThat(openssl("pkey", "-in", key.toString(), "-pubout"))
          .isEqualTo(openssl("x509", "-in", crt.toString(), "-noout", "-pubkey"));
    }
    // The PostgreSQL certificate also names the -rw and -ro Services.
    var postgres = GeneratedTls.parse(data.get(names.postgresTlsSecret()).get("tls.crt"));
    assertThat(GeneratedTls.sans(postgres, DNS_NAME))
        .contains("ams-postgres-rw", "ams-postgres-ro.ams.svc");
    // A CA Secret has no owner here; the dependent adds one to the server Secrets only.
    assertThat(secrets.get(names.caSecret()).getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void goodCertificatesAreKeptByteForByteAndNoKeyIsMade() {
    var keys = new CountingKeys();
    var first = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    assertThat(keys.asked.get()).isEqualTo(5);
    var again = GeneratedTls.desired(PRODUCTION, first, T0.plus(Duration.ofDays(200)), keys);
    // The same Secrets, seals included: nothing to write.
    assertThat(again).isEqualTo(first);
    assertThat(keys.asked.get()).isEqualTo(5);
  }

  @Test
  void serverCertificatesAreRenewedBeforeTheyEndWhileTheCaStays() throws Exception {
    var keys = new CountingKeys();
    var issued = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    var first = decoded(issued);
    // 340 days on: 25 days left of 365, fewer than the 30 of RENEW_BEFORE.
    Instant later = T0.plus(Duration.ofDays(340));
    var renewed = decoded(GeneratedTls.desired(PRODUCTION, issued, later, keys));
    assertThat(renewed.get("ams-ca")).isEqualTo(first.get("ams-ca"));
    for (String server : List.of("ams-redis-tls", "ams-minio-tls")) {
      assertThat(renewed.get(server).get("tls.key")).isNotEqualTo(first.get(server).get("tls.key"));
      X509Certificate cert = GeneratedTls.parse(renewed.get(server).get("tls.crt"));
      assertThat(cert.getNotAfter().toInstant()).isAfter(later.plus(Duration.ofDays(300)));
      cert.verify(GeneratedTls.parse(first.get("ams-ca").get("tls.crt")).getPublicKey());
    }
  }

  @Test
  void theCaKeyIsNeverReplacedOnlyItsCertificateResignedNearItsEnd() throws Exception {
    var keys = new CountingKeys();
    var issued = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    var first = decoded(issued);
    Instant nearEnd = T0.plus(GeneratedTls.CA_VALIDITY).minus(Duration.ofDays(10));
    var renewed = decoded(GeneratedTls.desired(PRODUCTION, issued, nearEnd, keys));
    var ca = renewed.get("ams-ca");
    assertThat(ca.get("tls.key")).isEqualTo(first.get("ams-ca").get("tls.key"));
    assertThat(ca.get("tls.crt")).isNotEqualTo(first.get("ams-ca").get("tls.crt"));
    assertThat(GeneratedTls.parse(ca.get("tls.crt")).getNotAfter().toInstant()).isAfter(nearEnd);
    // The server Secrets carry the new CA certificate.
    assertThat(renewed.get("ams-redis-tls").get("ca.crt")).isEqualTo(ca.get("tls.crt"));
  }

  @Test
  void aCertificateForOtherNamesOrAnotherCaIsReissued() {
    var keys = new CountingKeys();
    var issued = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    var first = decoded(issued);
    // The same instance in another namespace: other DNS names, same (kept) CA.
    var moved = new HashMap<>(issued);
    var instance = TestInstances.sample("production");
    instance.getMetadata().setNamespace("elsewhere");
    var elsewhere = decoded(GeneratedTls.desired(InstanceModel.of(instance), moved, T0, keys));
    assertThat(elsewhere.get("ams-ca")).isEqualTo(first.get("ams-ca"));
    assertThat(elsewhere.get("ams-redis-tls").get("tls.crt"))
        .isNotEqualTo(first.get("ams-redis-tls").get("tls.crt"));
    // A server Secret signed by a foreign CA (a stale copy, a tampered one) is replaced.
    var foreign = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    var mixed = new HashMap<>(issued);
    mixed.put("ams-redis-tls", foreign.get("ams-redis-tls"));
    var fixed = decoded(GeneratedTls.desired(PRODUCTION, mixed, T0, keys));
    assertThat(fixed.get("ams-redis-tls").get("ca.crt"))
        .isEqualTo(first.get("ams-ca").get("tls.crt"));
    assertThat(fixed.get("ams-minio-tls")).isEqualTo(first.get("ams-minio-tls"));
  }

  @Test
  void everySecretCarriesTheCasSealOverItsData() throws Exception {
    var issued = GeneratedTls.desired(PRODUCTION, Map.of(), T0, new CountingKeys());
    var ca = caOf(issued);
    issued.forEach(
        (name, secret) ->
            assertThat(secret.getMetadata().getAnnotations())
                .as(name)
                .containsExactly(Map.entry(GeneratedTls.SEAL, ca.seal(AppSecret.decode(secret)))));
    // Another CA's seal over the same data differs: the seal is keyed by the CA's private key.
    var other = caOf(GeneratedTls.desired(PRODUCTION, Map.of(), T0, new CountingKeys()));
    var redis = AppSecret.decode(issued.get("ams-redis-tls"));
    assertThat(other.seal(redis)).isNotEqualTo(ca.seal(redis));
  }

  @Test
  void aSecretWhoseDataNoLongerMatchesItsSealIsCheckedInFullAndReissued() {
    var keys = new CountingKeys();
    var issued = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    // MinIO's Secret with Redis' key: still sealed, but the seal is over MinIO's own key.
    var swapped = new HashMap<>(issued);
    swapped.put(
        "ams-minio-tls",
        withData(
            issued.get("ams-minio-tls"),
            "tls.key",
            AppSecret.decode(issued.get("ams-redis-tls")).get("tls.key")));

    var fixed = decoded(GeneratedTls.desired(PRODUCTION, swapped, T0, keys));

    assertThat(keys.asked.get()).isEqualTo(6);
    assertThat(fixed.get("ams-minio-tls").get("tls.key"))
        .isNotEqualTo(AppSecret.decode(issued.get("ams-minio-tls")).get("tls.key"))
        .isNotEqualTo(AppSecret.decode(issued.get("ams-redis-tls")).get("tls.key"));
    assertThat(fixed.get("ams-redis-tls")).isEqualTo(AppSecret.decode(issued.get("ams-redis-tls")));
  }

  @Test
  void aGoodSecretWithoutASealIsKeptAndSealedASealedOneIsNotCheckedAgain() throws Exception {
    var keys = new CountingKeys();
    var issued = GeneratedTls.desired(PRODUCTION, Map.of(), T0, keys);
    // As an operator before seals wrote them: the data alone, checked in full and kept.
    var unsealed = new HashMap<String, Secret>();
    issued.forEach(
        (name, secret) ->
            unsealed.put(
                name,
                new io.fabric8.kubernetes.api.model.SecretBuilder(secret)
                    .editMetadata()
                    .withAnnotations(null)
                    .endMetadata()
                    .build()));
    assertThat(GeneratedTls.desired(PRODUCTION, unsealed, T0, keys)).isEqualTo(issued);
    assertThat(keys.asked.get()).isEqualTo(5);

    // A seal the CA made stands for the signature and key checks: a key that is not the
    // certificate's, sealed with the CA's key (which only the operator holds), is kept. This is
    // what spares a restarted operator three EC operations a certificate.
    var ca = caOf(issued);
    var mismatched =
        withData(
            issued.get("ams-minio-tls"),
            "tls.key",
            AppSecret.decode(issued.get("ams-redis-tls")).get("tls.key"));
    var resealed = new HashMap<>(issued);
    resealed.put(
        "ams-minio-tls",
        new io.fabric8.kubernetes.api.model.SecretBuilder(mismatched)
            .editMetadata()
            .withAnnotations(Map.of(GeneratedTls.SEAL, ca.seal(AppSecret.decode(mismatched))))
            .endMetadata()
            .build());
    assertThat(GeneratedTls.desired(PRODUCTION, resealed, T0, keys).get("ams-minio-tls"))
        .isEqualTo(resealed.get("ams-minio-tls"));
    assertThat(keys.asked.get()).isEqualTo(5);
  }

  private static GeneratedTls.Ca caOf(Map<String, Secret> issued) {
    return GeneratedTls.Ca.of(AppSecret.decode(issued.get("ams-ca")), java.util.Optional.empty())
        .orElseThrow();
  }

  private static Secret withData(Secret secret, String key, String value) {
    var data = new HashMap<>(secret.getData());
    data.put(
        key,
        java.util.Base64.getEncoder()
            .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return new io.fabric8.kubernetes.api.model.SecretBuilder(secret).withData(data).build();
  }

  @Test
  @SuppressWarnings("unchecked")
  void withCertManagerTheCaIssuerSignsOneCertificatePerServerIntoTheSameSecrets() {
    var names = PRODUCTION.names();
    var issuers = DataTls.issuers(PRODUCTION);
    assertThat(issuers.keySet()).containsExactly("ams-selfsigned-issuer", "ams-ca-issuer");
    assertThat(spec(issuers.get("ams-ca-issuer")))
        .isEqualTo(Map.of("ca", Map.of("secretName", "ams-ca")));
    var certificates = DataTls.certificates(PRODUCTION);
    assertThat(certificates.keySet())
        .containsExactly(
            "ams-ca", "ams-postgres-tls", "ams-pgbouncer-tls", "ams-redis-tls", "ams-minio-tls");
    var ca = spec(certificates.get("ams-ca"));
    assertThat(ca).containsEntry("isCA", true).containsEntry("secretName", names.caSecret());
    assertThat(ca.get("issuerRef"))
        .isEqualTo(
            Map.of("name", "ams-selfsigned-issuer", "kind", "Issuer", "group", "cert-manager.io"));
    var redis = spec(certificates.get("ams-redis-tls"));
    assertThat(redis).containsEntry("secretName", "ams-redis-tls");
    assertThat(redis.get("issuerRef"))
        .isEqualTo(Map.of("name", "ams-ca-issuer", "kind", "Issuer", "group", "cert-manager.io"));
    assertThat((List<Object>) redis.get("dnsNames"))
        .containsExactly(
            "ams-redis",
            "ams-redis.ams",
            "ams-redis.ams.svc",
            "ams-redis.ams.svc.cluster.local",
            "localhost");
    // cert-manager copies the labels, so the operator's informer sees the Secrets it writes.
    assertThat(redis.get("secretTemplate")).isEqualTo(Map.of("labels", DataTls.labels(PRODUCTION)));
  }

  @Test
  void onlyTheServersThatRunGetCertificates() {
    var instance = TestInstances.sample("production");
    instance.getSpec().getDatabase().getPooler().setEnabled(false);
    var servers =
        DataTls.servers(InstanceModel.of(instance)).stream()
            .map(DataTls.Server::secretName)
            .toList();
    assertThat(servers).containsExactly("ams-postgres-tls", "ams-redis-tls", "ams-minio-tls");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(
      io.fabric8.kubernetes.api.model.GenericKubernetesResource o) {
    return (Map<String, Object>) o.getAdditionalProperties().get("spec");
  }

  private static String openssl(String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add("openssl");
    command.addAll(List.of(args));
    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
