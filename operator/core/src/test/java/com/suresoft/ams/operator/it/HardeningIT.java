package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.security.SecretRollout;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import com.suresoft.ams.testkit.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Production hardening through the real operator wiring against the in-process API double:
 * monitoring with and without the Prometheus Operator CRDs, the ExternalSecret with and without
 * ESO, and Secret changes rolling exactly the pods that use them.
 */
class HardeningIT {
  private static final String NS = OperatorHarness.NAMESPACE;
  private static final String OPERATOR = OperatorHarness.OPERATOR;

  private OperatorHarness harness;
  private EmbeddedApiServer server;
  private KubernetesClient user;

  /** Starts the double and the operator, with the given CRDs installed besides AmsInstance. */
  private void start(CustomResourceDefinition... crds) {
    harness = OperatorHarness.start(Duration.ofMillis(500));
    server = harness.server();
    user = harness.user();
    for (var crd : crds) {
      server.installCrd(crd);
    }
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  // --- monitoring -----------------------------------------------------------------------------

  @Test
  void withoutPrometheusOperatorTheConditionSaysSoAndTheRestIsApplied() {
    start();
    create(TestInstances.sample("production"));
    var monitoring = awaitCondition("ams", "Monitoring");
    assertThat(monitoring.getStatus()).isEqualTo("False");
    assertThat(monitoring.getReason()).isEqualTo("CRDNotInstalled");
    assertThat(monitoring.getMessage()).contains("servicemonitors.monitoring.coreos.com");
    // The rest of the stack is there: app tier, hardening, dashboard.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(Deployment.class, "ams-api-blue") != null);
    assertThat(get(NetworkPolicy.class, "ams-default-deny")).isNotNull();
    assertThat(get(NetworkPolicy.class, "ams-api-netpol")).isNotNull();
    assertThat(get(PodDisruptionBudget.class, "ams-api-pdb")).isNotNull();
    assertThat(get(ConfigMap.class, "ams-dashboard").getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "1");
    assertThat(
            server.requestLog().writesSince(0, OPERATOR::equals).stream()
                .map(Object::toString)
                .filter(r -> r.contains("monitoring.coreos.com")))
        .isEmpty();

    // Installing the Prometheus Operator later is noticed without a restart.
    server.installCrd(crd("monitoring.coreos.com", "ServiceMonitor", "servicemonitors"));
    server.installCrd(crd("monitoring.coreos.com", "PrometheusRule", "prometheusrules"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> generic(SERVICE_MONITORS, "ams-api-monitor").isPresent());
    assertThat(awaitCondition("ams", "Monitoring", "True").getReason()).isEqualTo("Configured");
  }

  @Test
  void withPrometheusOperatorServiceMonitorsAndRulesAreApplied() {
    start(
        crd("monitoring.coreos.com", "ServiceMonitor", "servicemonitors"),
        crd("monitoring.coreos.com", "PrometheusRule", "prometheusrules"));
    create(TestInstances.sample("production"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                generic(SERVICE_MONITORS, "ams-api-monitor").isPresent()
                    && generic(PROMETHEUS_RULES, "ams-alerts").isPresent());
    var monitoring = awaitCondition("ams", "Monitoring", "True");
    assertThat(monitoring.getReason()).isEqualTo("Configured");
    var rule = generic(PROMETHEUS_RULES, "ams-alerts").orElseThrow();
    assertThat(rule.getAdditionalProperties().get("spec").toString())
        .contains("HighErrorRate", "HighResponseTime", "DatabaseConnectionPoolExhausted");
    assertThat(rule.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("ams"));

    // Turning alert rules off deletes the PrometheusRule and keeps the ServiceMonitors.
    edit(
        "ams",
        i -> {
          i.getSpec().getMonitoring().setAlertRules(false);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> generic(PROMETHEUS_RULES, "ams-alerts").isEmpty());
    assertThat(generic(SERVICE_MONITORS, "ams-api-monitor")).isPresent();

    // Then ServiceMonitors and the dashboard off: deleted too.
    edit(
        "ams",
        i -> {
          i.getSpec().getMonitoring().setServiceMonitor(false);
          i.getSpec().getMonitoring().setDashboard(false);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                generic(SERVICE_MONITORS, "ams-api-monitor").isEmpty()
                    && get(ConfigMap.class, "ams-dashboard") == null);
  }

  // --- External Secrets ------------------------------------------------------------------------

  private static final String ESO_SPEC =
      """
      tier: Local
      version: "1.0.0"
      secrets:
        provider: ExternalSecrets
        externalSecrets:
          secretStoreRef:
            name: vault-backend
          remoteKeyPrefix: ams/production
      """;

  @Test
  void externalSecretsWithoutEsoSaysSoAndGeneratesNothing() {
    start();
    create(TestInstances.withSpec("ams", ESO_SPEC));
    var secrets = awaitCondition("ams", "Secrets");
    assertThat(secrets.getStatus()).isEqualTo("False");
    assertThat(secrets.getMessage())
        .contains("externalsecrets.external-secrets.io", "vault-backend");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(Deployment.class, "ams-api-blue") != null);
    // The operator stands aside: no generated Secret that ESO would later fight with.
    assertThat(get(Secret.class, "ams-secrets")).isNull();
  }

  @Test
  void withEsoTheExternalSecretFillsTheSecretAndARotationRollsExactlyItsPods() {
    start(crd("external-secrets.io", "ExternalSecret", "externalsecrets"));
    create(TestInstances.withSpec("ams", ESO_SPEC));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> generic(EXTERNAL_SECRETS, "ams-secrets").isPresent());
    var es = generic(EXTERNAL_SECRETS, "ams-secrets").orElseThrow();
    assertThat(es.getAdditionalProperties().get("spec").toString())
        .contains("vault-backend", "key=ams/production/database-url", "refreshInterval=1h");
    assertThat(awaitCondition("ams", "Secrets", "True").getReason()).isEqualTo("ExternalSecret");
    assertThat(get(Secret.class, "ams-secrets")).isNull();

    // Before ESO has written the Secret the pods carry the digest of missing keys.
    await().atMost(Duration.ofSeconds(30)).until(() -> digest("ams-api-blue").isPresent());
    var api0 = digest("ams-api-blue");
    var worker0 = digest("ams-worker-blue");

    // ESO fills the Secret (labels from the ExternalSecret's template): API and worker roll.
    var values = new LinkedHashMap<String, String>();
    values.put("database-url", "postgresql://ams:a@ams-postgres-rw:5432/ams");
    values.put("redis-url", "redis://:b@ams-redis:6379");
    values.put("jwt-access-secret", "j1");
    values.put("jwt-refresh-secret", "r1");
    writeSecretAsEso(values);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !digest("ams-api-blue").equals(api0) && !digest("ams-worker-blue").equals(worker0));
    var api1 = digest("ams-api-blue");
    var worker1 = digest("ams-worker-blue");
    assertThat(digest("ams-web-blue")).isEmpty();
    long webGeneration = get(Deployment.class, "ams-web-blue").getMetadata().getGeneration();

    // A rotated JWT secret rolls the API only.
    values.put("jwt-access-secret", "j2");
    writeSecretAsEso(values);
    await().atMost(Duration.ofSeconds(30)).until(() -> !digest("ams-api-blue").equals(api1));
    assertThat(digest("ams-worker-blue")).isEqualTo(worker1);

    // A rotated database URL rolls API and worker; web never.
    var api2 = digest("ams-api-blue");
    values.put("database-url", "postgresql://ams:c@ams-postgres-rw:5432/ams");
    writeSecretAsEso(values);
    await().atMost(Duration.ofSeconds(30)).until(() -> !digest("ams-worker-blue").equals(worker1));
    assertThat(digest("ams-api-blue")).isNotEqualTo(api2);
    assertThat(get(Deployment.class, "ams-web-blue").getMetadata().getGeneration())
        .isEqualTo(webGeneration);
  }

  @Test
  void switchingAGeneratedSecretToEsoAndBackKeepsTheSecret() {
    start(crd("external-secrets.io", "ExternalSecret", "externalsecrets"));
    create(TestInstances.sample("local"));
    await().atMost(Duration.ofSeconds(30)).until(() -> get(Secret.class, "ams-secrets") != null);
    var before = AppSecret.decode(get(Secret.class, "ams-secrets"));
    edit(
        "ams",
        i -> {
          var fresh = TestInstances.withSpec("ams", ESO_SPEC);
          i.getSpec().setSecrets(fresh.getSpec().getSecrets());
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> generic(EXTERNAL_SECRETS, "ams-secrets").isPresent());
    awaitReconciles();
    assertThat(AppSecret.decode(get(Secret.class, "ams-secrets"))).isEqualTo(before);

    // And back: the ExternalSecret is deleted, the Secret and its values stay.
    edit(
        "ams",
        i -> {
          i.getSpec().setSecrets(null);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> generic(EXTERNAL_SECRETS, "ams-secrets").isEmpty());
    awaitReconciles();
    assertThat(AppSecret.decode(get(Secret.class, "ams-secrets"))).isEqualTo(before);
  }

  // --- rotate-jwt ------------------------------------------------------------------------------

  @Test
  void aRotateJwtTokenRotatesTheJwtSecretsOnceAndRollsOnlyTheApi() {
    start();
    create(TestInstances.sample("local"));
    await().atMost(Duration.ofSeconds(30)).until(() -> digest("ams-api-blue").isPresent());
    var before = AppSecret.decode(get(Secret.class, "ams-secrets"));
    var api1 = digest("ams-api-blue");
    var worker1 = digest("ams-worker-blue");

    edit(
        "ams",
        i -> {
          i.getMetadata().getAnnotations().put("ams.suresoft.com/rotate-jwt", "t1");
          return i;
        });
    harness.awaitStatus(
        "ams",
        s -> s.getHandledTokens() != null && "t1".equals(s.getHandledTokens().get("rotate-jwt")));
    var after = AppSecret.decode(get(Secret.class, "ams-secrets"));
    // Compared as booleans so that a failure prints no secret value.
    for (String rotated : List.of("jwt-access-secret", "jwt-refresh-secret")) {
      assertThat(after.get(rotated).equals(before.get(rotated))).as(rotated + " rotated").isFalse();
    }
    for (String kept : List.of("postgres-password", "redis-password", "redis-url")) {
      assertThat(after.get(kept).equals(before.get(kept))).as(kept + " kept").isTrue();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !digest("ams-api-blue").equals(api1));
    assertThat(digest("ams-worker-blue")).isEqualTo(worker1);

    // Once per token: later reconciliations leave the new values alone.
    awaitReconciles();
    assertThat(AppSecret.decode(get(Secret.class, "ams-secrets"))).isEqualTo(after);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static final ResourceDefinitionContext SERVICE_MONITORS =
      context("monitoring.coreos.com", "ServiceMonitor", "servicemonitors");
  private static final ResourceDefinitionContext PROMETHEUS_RULES =
      context("monitoring.coreos.com", "PrometheusRule", "prometheusrules");
  private static final ResourceDefinitionContext EXTERNAL_SECRETS =
      context("external-secrets.io", "ExternalSecret", "externalsecrets");

  private static ResourceDefinitionContext context(String group, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /**
   * A minimal CRD of another operator's kind, as its installation would add, in v1 (ESO 0.17 and
   * later serve ExternalSecrets in v1 only; {@code ServedVersionsIT} covers the older ones).
   */
  private static CustomResourceDefinition crd(String group, String kind, String plural) {
    return Fixtures.minimalCrd(group, "v1", kind, plural);
  }

  private Optional<GenericKubernetesResource> generic(ResourceDefinitionContext ctx, String name) {
    return Optional.ofNullable(
        user.genericKubernetesResources(ctx).inNamespace(NS).withName(name).get());
  }

  private void create(AmsInstance instance) {
    instance.getMetadata().setNamespace(NS);
    user.resource(instance).create();
  }

  private AmsInstance instance(String name) {
    return user.resources(AmsInstance.class).inNamespace(NS).withName(name).get();
  }

  /** kubectl edit: retried on a conflict with the operator's status writes, as kubectl does. */
  private void edit(String name, java.util.function.UnaryOperator<AmsInstance> change) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              user.resources(AmsInstance.class)
                  .inNamespace(NS)
                  .withName(name)
                  .edit(
                      i -> {
                        if (i.getMetadata().getAnnotations() == null) {
                          i.getMetadata().setAnnotations(new LinkedHashMap<>());
                        }
                        return change.apply(i);
                      });
              return true;
            });
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return user.resources(type).inNamespace(NS).withName(name).get();
  }

  private Condition awaitCondition(String name, String type) {
    await().atMost(Duration.ofSeconds(30)).until(() -> condition(name, type).isPresent());
    return condition(name, type).orElseThrow();
  }

  private Condition awaitCondition(String name, String type, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> condition(name, type).map(c -> status.equals(c.getStatus())).orElse(false));
    return condition(name, type).orElseThrow();
  }

  private Optional<Condition> condition(String name, String type) {
    var i = instance(name);
    return i == null || i.getStatus() == null
        ? Optional.empty()
        : Conditions.find(i.getStatus().getConditions(), type);
  }

  /** The secret digest of a Deployment's pod template, if it has one. */
  private Optional<String> digest(String deployment) {
    var d = get(Deployment.class, deployment);
    if (d == null || d.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        d.getSpec().getTemplate().getMetadata().getAnnotations().get(SecretRollout.ANNOTATION));
  }

  /** What the External Secrets Operator would write: the Secret with the template's labels. */
  private void writeSecretAsEso(Map<String, String> values) {
    var data = new LinkedHashMap<String, String>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("ams-secrets")
            .withNamespace(NS)
            .withLabels(
                Map.of(
                    "app.kubernetes.io/name", "ams",
                    "app.kubernetes.io/instance", "ams",
                    "app.kubernetes.io/component", "secrets",
                    "app.kubernetes.io/managed-by", "ams-operator"))
            .endMetadata()
            .withData(data)
            .build();
    user.resource(secret).fieldManager("external-secrets").forceConflicts().serverSideApply();
  }

  /** Waits for a few more reconciliations of the instance. */
  private void awaitReconciles() {
    harness.awaitReconciles(5);
  }
}
