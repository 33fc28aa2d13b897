package com.suresoft.ams.clusterrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How rules are found and evaluated, on small hand-written schemas (not the AmsInstance CRD). */
class CrdCelRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static CrdCelRules rules(String schemaYaml) {
    JSONSchemaProps schema =
        new KubernetesSerialization().unmarshal(schemaYaml, JSONSchemaProps.class);
    return new CrdCelRules(schema, new KubernetesCel());
  }

  private static List<String> violations(CrdCelRules rules, String instanceYaml) throws Exception {
    JsonNode instance = YAML.readTree(instanceYaml);
    return rules.validate(instance).stream().map(CelViolation::toString).toList();
  }

  private static final String STEPS_SCHEMA =
      """
      type: object
      properties:
        spec:
          type: object
          properties:
            steps:
              type: array
              items:
                type: object
                properties:
                  weight: {type: integer}
                x-kubernetes-validations:
                - rule: "self.weight <= 100"
                  message: "weight is a percentage"
      """;

  @Test
  void evaluatesItemRulesOncePerItemAndNamesTheIndex() throws Exception {
    CrdCelRules rules = rules(STEPS_SCHEMA);

    assertThat(
            violations(
                rules, "spec: {steps: [{weight: 10}, {weight: 200}, {weight: 50}, {weight: 101}]}"))
        .containsExactly(
            "spec.steps[1]: weight is a percentage", "spec.steps[3]: weight is a percentage");
    assertThat(rules.rules()).extracting(CelRule::schemaPath).containsExactly("spec.steps[*]");
  }

  @Test
  void skipsRulesOfAbsentNodes() throws Exception {
    CrdCelRules rules =
        rules(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  tls:
                    type: object
                    x-kubernetes-validations:
                    - rule: "false"
                      message: "tls is never valid"
            """);

    assertThat(violations(rules, "spec: {}")).isEmpty();
    assertThat(violations(rules, "spec: {tls: null}")).isEmpty();
    assertThat(violations(rules, "spec: {tls: {}}"))
        .containsExactly("spec.tls: tls is never valid");
  }

  @Test
  void treatsNullFieldsAsAbsentAndAppendsTheRuleFieldPath() throws Exception {
    CrdCelRules rules =
        rules(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  mode: {type: string}
                  secretName: {type: string}
                x-kubernetes-validations:
                - rule: "self.mode != 'External' || has(self.secretName)"
                  fieldPath: ".secretName"
            """);

    assertThat(violations(rules, "spec: {mode: External, secretName: db}")).isEmpty();
    assertThat(violations(rules, "spec: {mode: External, secretName: null}"))
        .containsExactly(
            "spec.secretName: failed rule: self.mode != 'External' || has(self.secretName)");
  }

  @Test
  void givesNumberFieldsDoubleValuesEvenWhenWrittenAsIntegers() throws Exception {
    CrdCelRules rules =
        rules(
            """
            type: object
            properties:
              rate:
                type: number
              count:
                type: integer
            x-kubernetes-validations:
            - rule: "type(self.rate) == double && type(self.count) == int"
              message: "wrong CEL types"
            """);

    assertThat(violations(rules, "{rate: 1, count: 2}")).isEmpty();
  }

  @Test
  void namesMapValuesByKey() throws Exception {
    CrdCelRules rules =
        rules(
            """
            type: object
            properties:
              buckets:
                type: object
                additionalProperties:
                  type: object
                  properties:
                    size: {type: integer}
                  x-kubernetes-validations:
                  - rule: "self.size > 0"
                    message: "size must be positive"
            """);

    assertThat(violations(rules, "buckets: {logs: {size: 1}, files: {size: 0}}"))
        .containsExactly("buckets[files]: size must be positive");
  }

  @Test
  void isSortedComparesIntsAndStrings() throws Exception {
    CrdCelRules rules =
        rules(
            """
            type: object
            properties:
              numbers: {type: array, items: {type: integer}}
              names: {type: array, items: {type: string}}
            x-kubernetes-validations:
            - rule: "!has(self.numbers) || self.numbers.isSorted()"
              message: "numbers unsorted"
            - rule: "!has(self.names) || self.names.isSorted()"
              message: "names unsorted"
            """);

    assertThat(violations(rules, "{numbers: [1, 2, 2, 10], names: [a, b, b, c]}")).isEmpty();
    assertThat(violations(rules, "{numbers: [], names: [only]}")).isEmpty();
    assertThat(violations(rules, "{numbers: [1, 10, 2], names: [b, a]}"))
        .containsExactly("numbers unsorted", "names unsorted");
  }

  @Test
  void reportsRulesThatCannotBeEvaluated() throws Exception {
    CrdCelRules rules =
        rules(
            """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations:
                - rule: "self.missing > 1"
                  message: "never shown"
            """);

    assertThat(violations(rules, "spec: {other: 1}"))
        .singleElement()
        .asString()
        .startsWith("spec: rule could not be evaluated")
        .endsWith("self.missing > 1");
  }

  @Test
  void refusesSchemasWithRulesThatDoNotCompile() {
    assertThatThrownBy(
            () ->
                rules(
                    """
                    type: object
                    x-kubernetes-validations:
                    - rule: "self.items.isUnknownFunction()"
                    """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("self.items.isUnknownFunction()");
  }
}
