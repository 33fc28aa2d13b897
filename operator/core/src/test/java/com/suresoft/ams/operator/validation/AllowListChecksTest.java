package com.suresoft.ams.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each of the platform's allow-lists refuses what it does not list, naming the field. */
class AllowListChecksTest {
  private static final String PROMETHEUS = "http://prometheus-operated.monitoring:9090";

  /** A platform that lists one value in every allow-list. */
  private static final Platform LISTED =
      new Platform(
          AllowList.of(List.of("shared-vault")),
          AllowList.of(List.of(PROMETHEUS)),
          AllowList.of(List.of("letsencrypt-prod")),
          AllowList.of(List.of("nginx")),
          AllowList.of(List.of("infra/public")),
          AllowList.of(List.of("ghcr.io/suresoft", "docker.io/library", "docker.io/minio/minio")),
          Platform.DEFAULTS.ingressControllerNamespaces(),
          Platform.DEFAULTS.prometheusNamespaces());

  private static List<FieldError> errors(Platform platform, String spec) {
    return new SpecValidator(platform).validate(TestInstances.withSpec("ams", spec));
  }

  private static List<String> fields(Platform platform, String spec) {
    return errors(platform, spec).stream().map(FieldError::field).toList();
  }

  private static String store(String kind, String name) {
    return """
        tier: Development
        version: "1.0.0"
        secrets:
          provider: ExternalSecrets
          externalSecrets:
            secretStoreRef: {name: %s, kind: %s}
        """
        .formatted(name, kind);
  }

  @Test
  void aClusterSecretStoreIsRefusedUnlessListed() {
    assertThat(errors(Platform.DEFAULTS, store("ClusterSecretStore", "shared-vault")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.secrets.externalSecrets.secretStoreRef.name");
              assertThat(e.message())
                  .contains("ClusterSecretStore shared-vault", "--allowed-cluster-secret-stores");
            });
    assertThat(fields(LISTED, store("ClusterSecretStore", "shared-vault"))).isEmpty();
    assertThat(fields(LISTED, store("ClusterSecretStore", "team-a-vault")))
        .containsExactly("spec.secrets.externalSecrets.secretStoreRef.name");
    // A SecretStore lives in the instance's namespace: the team's own, never listed.
    assertThat(fields(Platform.DEFAULTS, store("SecretStore", "team-a-vault"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../team-a", "ams/../../team-a", "ams//x", "./ams", "ams/"})
  void aKeyPrefixCannotClimbOrHideSegments(String prefix) {
    String spec = store("SecretStore", "vault") + "    remoteKeyPrefix: \"" + prefix + "\"\n";
    assertThat(fields(Platform.DEFAULTS, spec))
        .containsExactly("spec.secrets.externalSecrets.remoteKeyPrefix");
  }

  private static String canary(String url) {
    return """
        tier: Development
        version: "1.0.0"
        release:
          strategy: Canary
          canary:
            steps: [{setWeight: 10}]
            analysis: {prometheusUrl: "%s"}
        """
        .formatted(url);
  }

  @Test
  void noPrometheusUrlIsAllowedByDefault() {
    assertThat(errors(Platform.DEFAULTS, canary(PROMETHEUS)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.release.canary.analysis.prometheusUrl");
              assertThat(e.message()).contains("--allowed-prometheus-urls: nothing");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        PROMETHEUS,
        PROMETHEUS + "/",
        "http://Prometheus-Operated.Monitoring:9090",
        PROMETHEUS + "/prometheus",
      })
  void aListedPrometheusIsAllowedHoweverItIsSpelled(String url) {
    assertThat(fields(LISTED, canary(url))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // The cloud metadata service and the API server: the classic SSRF targets.
        "http://169.254.169.254/",
        "http://169.254.169.254/latest/meta-data/",
        "http://kubernetes.default:443",
        "https://kubernetes.default.svc",
        // Tricks on a prefix check of the string.
        PROMETHEUS + "@169.254.169.254",
        PROMETHEUS + "@evil",
        PROMETHEUS + ".evil.com",
        PROMETHEUS + "1",
        "http://prometheus-operated.monitoring:90901",
        "http://prometheus-operated.monitoring.evil.com:9090",
        "http://user:pw@prometheus-operated.monitoring:9090",
        // Another scheme or port on the listed host.
        "https://prometheus-operated.monitoring:9090",
        "http://prometheus-operated.monitoring:8080",
        "http://prometheus-operated.monitoring",
        "http://prometheus-operated.monitoring:9090/../..",
        PROMETHEUS + "?x=1",
      })
  void anythingElseIsRefused(String url) {
    assertThat(fields(LISTED, canary(url)))
        .as(url)
        .containsExactly("spec.release.canary.analysis.prometheusUrl");
  }

  @Test
  void aPrometheusUrlOutsideACanaryIsNeverQueriedSoNotChecked() {
    String spec =
        """
        tier: Development
        version: "1.0.0"
        release:
          strategy: BlueGreen
          canary:
            analysis: {prometheusUrl: "http://169.254.169.254/"}
        """;
    assertThat(fields(Platform.DEFAULTS, spec)).isEmpty();
  }

  @Test
  void clusterIssuerAndIngressClassAreCheckedAsTheIngressWillUseThem() {
    String production =
        """
        tier: Production
        version: "1.0.0"
        ingress: {host: ams.example.com}
        """;
    // The tier's defaults (letsencrypt-prod, nginx) are what the Ingress will carry.
    assertThat(fields(LISTED, production)).isEmpty();
    var refused =
        errors(
            LISTED,
            production.replace(
                "{host: ams.example.com}",
                "{host: ams.example.com, className: internal, tls: {clusterIssuer: team-a-ca}}"));
    assertThat(refused)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.ingress.tls.clusterIssuer", "spec.ingress.className");
    assertThat(refused.get(0).message()).contains("is not allowed by the platform");
    var onlyOther =
        new Platform(
            AllowList.nothing(),
            AllowList.nothing(),
            AllowList.of(List.of("internal-ca")),
            AllowList.anything(),
            AllowList.anything(),
            AllowList.anything(),
            List.of("ingress-nginx"),
            List.of("monitoring"));
    assertThat(errors(onlyOther, production))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.ingress.tls.clusterIssuer");
              assertThat(e.message()).contains("letsencrypt-prod (the default)");
            });
    // Open by default, as before.
    assertThat(fields(Platform.DEFAULTS, production.replace("{host", "{className: x, host")))
        .isEmpty();
  }

  @Test
  void gatewaysAreNamespaceSlashNameAndAParentRefWithoutNamespaceIsTheInstances() {
    String spec =
        """
        tier: Development
        version: "1.0.0"
        ingress:
          host: ams.example.com
          gateway:
            parentRefs:
              - {name: public, namespace: infra}
              - {name: public}
              - {name: private, namespace: infra}
        """;
    assertThat(errors(LISTED, spec))
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spec.ingress.gateway.parentRefs[1]",
                "Gateway ams/public is not allowed by the platform (--allowed-gateways:"
                    + " infra/public)"),
            org.assertj.core.groups.Tuple.tuple(
                "spec.ingress.gateway.parentRefs[2]",
                "Gateway infra/private is not allowed by the platform (--allowed-gateways:"
                    + " infra/public)"));
  }

  @Test
  void istioGatewaysAreGatewaysToo() {
    String spec =
        """
        tier: Development
        version: "1.0.0"
        ingress: {host: ams.example.com}
        release:
          strategy: Canary
          canary:
            trafficRouter: Istio
            istio: {gateways: [infra/public, istio-system/ingressgateway]}
            steps: [{setWeight: 10}]
        """;
    assertThat(fields(LISTED, spec)).containsExactly("spec.release.canary.istio.gateways[1]");
  }

  @Test
  void everyImageFieldIsCheckedAgainstTheRegistries() {
    String spec =
        """
        tier: Development
        version: "1.0.0"
        imageRegistry: ghcr.io/suresoft
        web: {image: "ghcr.io/suresoft-evil/ams-web:1"}
        api: {image: "evil.example.com/ams-api:1"}
        worker: {image: "ghcr.io/suresoft/ams-api:1"}
        database: {image: "postgres:15"}
        redis: {image: "attacker/redis:7"}
        objectStorage: {image: "localhost:5000/minio"}
        """;
    assertThat(errors(LISTED, spec))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.web.image", "spec.api.image", "spec.redis.image", "spec.objectStorage.image");
    assertThat(errors(LISTED, spec))
        .filteredOn(e -> e.field().equals("spec.redis.image"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("docker.io/attacker/redis"));
  }

  @Test
  void theRegistryOfTheAppImagesIsOneError() {
    String spec =
        """
        tier: Development
        version: "1.0.0"
        imageRegistry: registry.team-a.example.com/ams
        """;
    assertThat(fields(LISTED, spec)).containsExactly("spec.imageRegistry");
    // Unlisted: any registry, as before.
    assertThat(fields(Platform.DEFAULTS, spec)).isEmpty();
  }
}
