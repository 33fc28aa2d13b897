package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import com.suresoft.ams.testkit.Fixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data tier's certificates with the real operator wiring: issued by the operator where
 * cert-manager is missing, by cert-manager's objects where it is installed.
 */
class DataTlsIT {
  private static final String NS = OperatorHarness.NAMESPACE;
  private static final String OPERATOR = OperatorHarness.OPERATOR;
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String SPEC =
      "tier: Development\nversion: \"1.0.0\"\ndatabase:\n  pooler:\n    enabled: true\n";

  private static final ResourceDefinitionContext CERTIFICATES =
      context("Certificate", "certificates");
  private static final ResourceDefinitionContext ISSUERS = context("Issuer", "issuers");

  private OperatorHarness harness;
  private KubernetesClient user;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start(Duration.ofMillis(500));
    user = harness.user();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("cert-manager.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  private Secret secret(String name) {
    return user.secrets().inNamespace(NS).withName(name).get();
  }

  private GenericKubernetesResource generic(ResourceDefinitionContext ctx, String name) {
    return user.genericKubernetesResources(ctx).inNamespace(NS).withName(name).get();
  }

  private void create() {
    var instance = TestInstances.withSpec("ams", SPEC);
    instance.getMetadata().setNamespace(NS);
    user.resource(instance).create();
  }

  @Test
  void withoutCertManagerTheOperatorIssuesTheSecretsAndKeepsThem() throws Exception {
    create();
    var servers =
        List.of("ams-postgres-tls", "ams-pgbouncer-tls", "ams-redis-tls", "ams-minio-tls");
    await().atMost(WAIT).until(() -> servers.stream().allMatch(s -> secret(s) != null));
    var ca = secret("ams-ca");
    // The CA outlives the instance (no owner); the server Secrets go with it.
    assertThat(ca.getMetadata().getOwnerReferences()).isNullOrEmpty();
    for (String name : servers) {
      var s = secret(name);
      assertThat(s.getType()).isEqualTo("kubernetes.io/tls");
      assertThat(s.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getKind()).isEqualTo("AmsInstance"));
      var data = AppSecret.decode(s);
      GeneratedTls.parse(data.get("tls.crt"))
          .verify(GeneratedTls.parse(AppSecret.decode(ca).get("tls.crt")).getPublicKey());
      // Sealed, so that a restarted operator need not check it again in full.
      assertThat(
              GeneratedTls.sealMatches(
                  AppSecret.decode(ca),
                  data,
                  s.getMetadata().getAnnotations().get(GeneratedTls.SEAL)))
          .as(name + "'s seal")
          .isTrue();
    }
    // Redis mounts its certificate.
    await()
        .atMost(WAIT)
        .until(
            () -> user.apps().statefulSets().inNamespace(NS).withName("ams-redis").get() != null);
    StatefulSet redis = user.apps().statefulSets().inNamespace(NS).withName("ams-redis").get();
    assertThat(redis.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(
            v -> v.getSecret() != null && "ams-redis-tls".equals(v.getSecret().getSecretName()));

    // Later reconciliations keep every certificate as it is: no write to a TLS Secret.
    harness.simulator().awaitIdle();
    var before = harness.server().requestLog().mark();
    Thread.sleep(2000);
    assertThat(
            harness.server().requestLog().writesSince(before, OPERATOR::equals).stream()
                .map(Object::toString)
                .filter(r -> r.contains("/secrets/")))
        .isEmpty();
    assertThat(secret("ams-ca").getMetadata().getResourceVersion())
        .isEqualTo(ca.getMetadata().getResourceVersion());

    // A certificate someone breaks is issued again: what was found good is remembered only for
    // the Secrets' versions it was found good at.
    var broken = secret("ams-redis-tls");
    broken.getMetadata().setManagedFields(null);
    broken
        .getData()
        .put("tls.crt", java.util.Base64.getEncoder().encodeToString("broken".getBytes()));
    user.secrets().inNamespace(NS).resource(broken).update();
    var caCert = GeneratedTls.parse(AppSecret.decode(ca).get("tls.crt"));
    // Until the operator has issued it again, the broken certificate does not parse.
    await()
        .atMost(WAIT)
        .ignoreExceptionsInstanceOf(java.security.cert.CertificateException.class)
        .untilAsserted(
            () ->
                GeneratedTls.parse(AppSecret.decode(secret("ams-redis-tls")).get("tls.crt"))
                    .verify(caCert.getPublicKey()));
    // No cert-manager object was written where cert-manager is missing.
    assertThat(
            harness.server().requestLog().writesSince(0, OPERATOR::equals).stream()
                .map(Object::toString)
                .filter(r -> r.contains("cert-manager.io")))
        .isEmpty();
  }

  @Test
  void withCertManagerItsIssuersAndCertificatesAreAppliedAndFollowTheSpec() {
    harness
        .server()
        .installCrd(Fixtures.minimalCrd("cert-manager.io", "v1", "Certificate", "certificates"));
    harness.server().installCrd(Fixtures.minimalCrd("cert-manager.io", "v1", "Issuer", "issuers"));
    create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                generic(CERTIFICATES, "ams-pgbouncer-tls") != null
                    && generic(ISSUERS, "ams-ca-issuer") != null);
    assertThat(generic(ISSUERS, "ams-selfsigned-issuer")).isNotNull();
    assertThat(generic(CERTIFICATES, "ams-ca")).isNotNull();
    assertThat(generic(CERTIFICATES, "ams-redis-tls")).isNotNull();
    // cert-manager writes the Secrets; the operator issues none itself.
    assertThat(secret("ams-redis-tls")).isNull();
    assertThat(secret("ams-ca")).isNull();

    // The pooler switched off: its Certificate goes.
    harness.edit(
        "ams",
        live -> {
          live.getSpec().getDatabase().getPooler().setEnabled(false);
          return live;
        });
    await().atMost(WAIT).until(() -> generic(CERTIFICATES, "ams-pgbouncer-tls") == null);
    assertThat(generic(CERTIFICATES, "ams-redis-tls")).isNotNull();
  }
}
