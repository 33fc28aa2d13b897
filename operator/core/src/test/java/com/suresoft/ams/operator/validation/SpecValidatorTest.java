package com.suresoft.ams.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {
  private final SpecValidator validator = new SpecValidator();

  private List<String> fieldsOf(String spec) {
    return validator.validate(TestInstances.withSpec("ams", spec)).stream()
        .map(FieldError::field)
        .toList();
  }

  @Test
  void anUnreadableInstanceIsOneErrorAtTheFieldThatCouldNotBeRead() {
    // Stored through a looser CRD; the reader set the spec aside rather than fail the informer.
    assertThat(fieldsOf("tier: Production\napi: text\n")).containsExactly("spec.api");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "development", "staging", "production"})
  void everySampleIsValid(String tier) {
    assertThat(validator.validate(TestInstances.sample(tier))).isEmpty();
  }

  @Test
  void maxBelowTheTiersDefaultMinNamesTheField() {
    var errors =
        validator.validate(
            TestInstances.withSpec(
                "ams",
                """
        tier: Production
        version: "1.0.0"
        ingress: {host: ams.example.com}
        api:
          autoscaling:
            maxReplicas: 2
        """));
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.api.autoscaling.maxReplicas");
              assertThat(e.message()).contains("minReplicas (3");
            });
  }

  @Test
  void tlsFromTheTierNeedsAHost() {
    assertThat(fieldsOf("tier: Staging\nversion: \"1.0.0\"\n"))
        .containsExactly("spec.ingress.host");
    assertThat(fieldsOf("tier: Development\nversion: \"1.0.0\"\n")).isEmpty();
  }

  @Test
  void schemaAnnotationsAreEnforcedWithPaths() {
    assertThat(
            fieldsOf(
                """
        tier: Development
        version: "bad version"
        web: {replicas: -1}
        release:
          canary:
            steps:
              - setWeight: 150
        """))
        .containsExactlyInAnyOrder(
            "spec.version", "spec.web.replicas", "spec.release.canary.steps[0].setWeight");
    assertThat(fieldsOf("tier: Development\n")).containsExactly("spec.version");
  }

  @Test
  void crossFieldRules() {
    assertThat(fieldsOf("tier: Development\nversion: \"1\"\ndatabase: {mode: External}\n"))
        .containsExactly("spec.database.externalSecretName");
    assertThat(fieldsOf("tier: Development\nversion: \"1\"\nobjectStorage: {mode: External}\n"))
        .containsExactly("spec.objectStorage.externalSecretName");
    assertThat(
            fieldsOf(
                """
                tier: Development
                version: "1"
                database:
                  mode: External
                  externalSecretName: db
                  externalEgress:
                    - {cidr: 10.0.0.0/8}
                    - {cidr: 169.254.169.254/32}
                    - {cidr: "fe80::/64"}
                    - {cidr: 10.1.2.3/16}
                    - {cidr: 10.0.0.0/33}
                    - {cidr: 0.0.0.0/0, ports: [0, 5432]}
                objectStorage: {externalEgress: [{cidr: 10.0.0.0/8}]}
                """))
        .containsExactly(
            "spec.database.externalEgress[1].cidr",
            "spec.database.externalEgress[2].cidr",
            "spec.database.externalEgress[3].cidr",
            "spec.database.externalEgress[4].cidr",
            "spec.database.externalEgress[5].ports[0]",
            "spec.objectStorage.externalEgress");
    assertThat(
            fieldsOf("tier: Development\nversion: \"1\"\nsecrets: {provider: ExternalSecrets}\n"))
        .containsExactly("spec.secrets.externalSecrets.secretStoreRef.name");
    assertThat(
            fieldsOf(
                """
        tier: Development
        version: "1"
        release:
          strategy: Canary
          canary:
            steps:
              - setWeight: 50
              - setWeight: 20
              - {setWeight: 60, pause: {}}
        """))
        .containsExactly("spec.release.canary.steps[1].setWeight", "spec.release.canary.steps[2]");
  }

  @Test
  void aCidrThatIsNoAddressIsRefusedByTheSchemaPattern() {
    assertThat(
            fieldsOf(
                """
                tier: Development
                version: "1"
                database:
                  mode: External
                  externalSecretName: db
                  externalEgress: [{cidr: db.example.com/32}]
                """))
        .containsExactly("spec.database.externalEgress[0].cidr");
  }

  @Test
  void resourcesMustParseAndRequestsStayWithinLimits() {
    assertThat(
            fieldsOf(
                """
        tier: Development
        version: "1"
        api:
          resources:
            requests: {cpu: "2", memory: lots}
            limits: {cpu: "1"}
        """))
        .containsExactlyInAnyOrder(
            "spec.api.resources.requests.memory", "spec.api.resources.requests.cpu");
  }

  @Test
  void reservedAndDuplicateEnvNamesAreRefused() {
    assertThat(
            fieldsOf(
                """
        tier: Development
        version: "1"
        api:
          env:
            - {name: DATABASE_URL, value: x}
            - {name: FEATURE, value: a}
            - {name: FEATURE, value: b}
        """))
        .containsExactly("spec.api.env[0].name", "spec.api.env[2].name");
  }

  @Test
  void instanceNamesThatWouldMakeInvalidChildNamesAreRefused() {
    var errors =
        validator.validate(
            TestInstances.withSpec("a".repeat(50), "tier: Development\nversion: \"1\"\n"));
    assertThat(errors).extracting(FieldError::field).contains("metadata.name");
  }
}
