package com.suresoft.ams.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.suresoft.ams.clusterrules.CelRule;
import com.suresoft.ams.clusterrules.CelViolation;
import com.suresoft.ams.clusterrules.CrdCelRules;
import com.suresoft.ams.operator.validation.OfflineValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CEL rule of the generated AmsInstance CRD, each with instances that pass and fail it. A
 * rule added to the model without a failing case here fails {@link #everyRuleHasAFailingCase()}.
 */
class CelRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String AUTOSCALING_MESSAGE =
      "maxReplicas must be greater than or equal to minReplicas";
  private static final String EXTERNAL_SECRET_MESSAGE = "mode External needs externalSecretName";

  private final CrdCelRules rules = OfflineValidator.amsInstanceCelRules();

  /**
   * @param spec YAML of spec fields besides tier and version, indented as if under {@code spec:}
   * @param expected violations as {@code field: message}; empty for a passing case
   */
  record Case(String name, String spec, List<String> expected) {
    static Case passes(String name, String spec) {
      return new Case(name, spec, List.of());
    }

    static Case fails(String name, String spec, String... expected) {
      return new Case(name, spec, List.of(expected));
    }

    JsonNode instance() {
      String yaml =
          """
          apiVersion: ams.suresoft.com/v1alpha1
          kind: AmsInstance
          metadata: {name: ams}
          spec:
            tier: Production
            version: 1.4.0
          """
              + spec.indent(2);
      try {
        return YAML.readTree(yaml);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.passes("minimal spec", ""),
        // autoscaling: maxReplicas >= minReplicas, on web, api and worker
        Case.passes(
            "api autoscaling min == max", "api: {autoscaling: {minReplicas: 3, maxReplicas: 3}}"),
        Case.passes("worker autoscaling with only min", "worker: {autoscaling: {minReplicas: 4}}"),
        Case.fails(
            "web autoscaling max < min",
            "web: {autoscaling: {minReplicas: 5, maxReplicas: 4}}",
            "spec.web.autoscaling: " + AUTOSCALING_MESSAGE),
        Case.fails(
            "api autoscaling max < min",
            "api: {autoscaling: {minReplicas: 3, maxReplicas: 2}}",
            "spec.api.autoscaling: " + AUTOSCALING_MESSAGE),
        Case.fails(
            "worker autoscaling max < min",
            "worker: {autoscaling: {minReplicas: 8, maxReplicas: 2}}",
            "spec.worker.autoscaling: " + AUTOSCALING_MESSAGE),
        // database: External needs externalSecretName
        Case.passes(
            "database External with secret",
            "database: {mode: External, externalSecretName: ams-db}"),
        Case.passes("database Managed without secret", "database: {mode: Managed}"),
        Case.passes("database without mode", "database: {instances: 3}"),
        Case.fails(
            "database External without secret",
            "database: {mode: External}",
            "spec.database.externalSecretName: " + EXTERNAL_SECRET_MESSAGE),
        // objectStorage: External needs externalSecretName; bucket names
        Case.passes(
            "object storage External with secret",
            "objectStorage: {mode: External, externalSecretName: ams-s3}"),
        Case.fails(
            "object storage External without secret",
            "objectStorage: {mode: External}",
            "spec.objectStorage.externalSecretName: " + EXTERNAL_SECRET_MESSAGE),
        // externalEgress: External mode only; ports 1-65535
        Case.passes(
            "database External with ranges",
            "database: {mode: External, externalSecretName: d, externalEgress: [{cidr: 10.0.0.0/8,"
                + " ports: [5432, 6432]}]}"),
        Case.fails(
            "database ranges without External",
            "database: {externalEgress: [{cidr: 10.0.0.0/8}]}",
            "spec.database.externalEgress: externalEgress applies to mode External only"),
        Case.fails(
            "object storage ranges in Managed mode",
            "objectStorage: {mode: Managed, externalEgress: [{cidr: 10.0.0.0/8}]}",
            "spec.objectStorage.externalEgress: externalEgress applies to mode External only"),
        Case.fails(
            "database range with port 0",
            "database: {mode: External, externalSecretName: d, externalEgress: [{cidr: 10.0.0.0/8,"
                + " ports: [0]}]}",
            "spec.database.externalEgress[0].ports: ports are 1-65535"),
        Case.fails(
            "object storage range with port 70000",
            "objectStorage: {mode: External, externalSecretName: s, externalEgress: [{cidr:"
                + " 10.0.0.0/8, ports: [443, 70000]}]}",
            "spec.objectStorage.externalEgress[0].ports: ports are 1-65535"),
        Case.passes(
            "valid bucket names", "objectStorage: {buckets: [ams-files, ams.backups-2, abc]}"),
        Case.fails(
            "upper-case bucket name",
            "objectStorage: {buckets: [ams-files, Uploads]}",
            "spec.objectStorage.buckets: bucket names are 3-63 lower-case letters, digits, dots"
                + " and hyphens"),
        Case.fails(
            "two-letter bucket name",
            "objectStorage: {buckets: [ab]}",
            "spec.objectStorage.buckets: bucket names are 3-63 lower-case letters, digits, dots"
                + " and hyphens"),
        // ingress: TLS needs a host
        Case.passes(
            "ingress TLS with host", "ingress: {host: ams.example.com, tls: {enabled: true}}"),
        Case.passes("ingress TLS disabled without host", "ingress: {tls: {enabled: false}}"),
        Case.passes("ingress TLS without enabled", "ingress: {tls: {clusterIssuer: letsencrypt}}"),
        Case.fails(
            "ingress TLS without host",
            "ingress: {tls: {enabled: true}}",
            "spec.ingress.host: ingress TLS needs a host"),
        // release: Canary needs canary settings; canary steps
        Case.passes("release BlueGreen without canary", "release: {strategy: BlueGreen}"),
        Case.fails(
            "release Canary without canary",
            "release: {strategy: Canary}",
            "spec.release.canary: strategy Canary needs canary settings"),
        Case.passes(
            "canary steps, each setWeight or pause, weights rising",
            """
            release:
              strategy: Canary
              canary:
                steps:
                - setWeight: 10
                - pause: {}
                - setWeight: 10
                - setWeight: 50
                - pause: {durationSeconds: 60}
            """),
        Case.fails(
            "canary step with both setWeight and pause",
            """
            release:
              strategy: Canary
              canary:
                steps:
                - setWeight: 10
                - {setWeight: 20, pause: {}}
            """,
            "spec.release.canary.steps[1]: a canary step sets exactly one of setWeight or pause"),
        Case.fails(
            "canary step with neither setWeight nor pause",
            "release: {strategy: Canary, canary: {steps: [{}]}}",
            "spec.release.canary.steps[0]: a canary step sets exactly one of setWeight or pause"),
        Case.fails(
            "canary weights decreasing across a pause",
            """
            release:
              strategy: Canary
              canary:
                steps:
                - setWeight: 50
                - pause: {}
                - setWeight: 10
            """,
            "spec.release.canary.steps: canary setWeight steps must not decrease"),
        // secrets: ExternalSecrets needs externalSecrets.secretStoreRef
        Case.passes("secrets Generated", "secrets: {provider: Generated}"),
        Case.passes(
            "secrets ExternalSecrets with store",
            "secrets: {provider: ExternalSecrets, externalSecrets: {secretStoreRef: {name: vault}}}"),
        Case.fails(
            "secrets ExternalSecrets without settings",
            "secrets: {provider: ExternalSecrets}",
            "spec.secrets.externalSecrets: provider ExternalSecrets needs"
                + " externalSecrets.secretStoreRef"),
        Case.fails(
            "secrets ExternalSecrets without store",
            "secrets: {provider: ExternalSecrets, externalSecrets: {refreshInterval: 1h}}",
            "spec.secrets.externalSecrets: provider ExternalSecrets needs"
                + " externalSecrets.secretStoreRef"),
        // canary through Gateway API needs the HTTPRoute's Gateways
        Case.passes(
            "GatewayAPI router with a gateway",
            """
            ingress: {host: ams.example.com, gateway: {parentRefs: [{name: edge, namespace: infra}]}}
            release: {strategy: Canary, canary: {trafficRouter: GatewayAPI}}
            """),
        Case.passes(
            "Nginx router without a gateway",
            "release: {strategy: Canary, canary: {trafficRouter: Nginx}}"),
        Case.fails(
            "GatewayAPI router without a gateway",
            "release: {strategy: Canary, canary: {trafficRouter: GatewayAPI}}",
            "spec.ingress.gateway: canary trafficRouter GatewayAPI needs spec.ingress.gateway"),
        Case.fails(
            "Nginx router behind a gateway",
            """
            ingress: {gateway: {parentRefs: [{name: edge}]}}
            release: {strategy: Canary, canary: {trafficRouter: Nginx}}
            """,
            "spec.release.canary.trafficRouter: canary trafficRouter Nginx needs the Ingress;"
                + " behind spec.ingress.gateway use GatewayAPI"),
        Case.fails(
            "Istio gateways without a host",
            "release: {canary: {istio: {gateways: [istio-system/public]}}}",
            "spec.ingress.host: canary istio.gateways needs spec.ingress.host, the host served on"
                + " them"),
        // Istio gateways are namespace/name
        Case.passes(
            "Istio gateways namespace/name",
            """
            ingress: {host: ams.example.com}
            release: {canary: {istio: {gateways: [istio-system/public, edge/ams.example]}}}
            """),
        Case.fails(
            "Istio gateway without namespace",
            """
            ingress: {host: ams.example.com}
            release: {canary: {istio: {gateways: [istio-system/public, public]}}}
            """,
            "spec.release.canary.istio.gateways: an Istio gateway is written namespace/name"),
        // several rules at once are all reported
        Case.fails(
            "several violations",
            """
            database: {mode: External}
            ingress: {tls: {enabled: true}}
            """,
            "spec.database.externalSecretName: " + EXTERNAL_SECRET_MESSAGE,
            "spec.ingress.host: ingress TLS needs a host"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluatesTheCrdRules(Case testCase) {
    List<String> violations =
        rules.validate(testCase.instance()).stream().map(CelViolation::toString).toList();

    assertThat(violations).containsExactlyInAnyOrderElementsOf(testCase.expected());
  }

  @Test
  void everyRuleHasAFailingCase() {
    Set<CelRule> failed = new HashSet<>();
    cases().forEach(c -> rules.validate(c.instance()).forEach(v -> failed.add(v.rule())));

    List<String> untested =
        rules.rules().stream()
            .filter(rule -> !failed.contains(rule))
            .map(rule -> rule.schemaPath() + ": " + rule.expression())
            .toList();

    assertThat(rules.rules()).isNotEmpty();
    assertThat(untested)
        .as("CEL rules of the CRD without a failing case in CelRulesTest.cases(); add one")
        .isEmpty();
  }
}
