package com.suresoft.ams.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the generated AmsInstance CRD as the Markdown API reference, docs/api-reference.md: every
 * spec field with type, description and validation, the CEL rules, and a short status table.
 */
final class ApiReferenceMarkdown {

  /**
   * Standard Kubernetes types, by field name: one row pointing at the Kubernetes reference instead
   * of their whole expanded schema.
   */
  static final Map<String, String> KUBERNETES_TYPES =
      Map.of(
          "resources",
          "[ResourceRequirements](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#resources)",
          "env",
          "`[]`[EnvVar](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables)",
          "imagePullSecrets",
          "`[]`[LocalObjectReference](https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/local-object-reference/)");

  record FieldRow(String path, String type, String description, List<String> validation) {}

  record RuleRow(String path, String rule, String message) {}

  private final AmsInstanceCrd crd;

  ApiReferenceMarkdown(AmsInstanceCrd crd) {
    this.crd = crd;
  }

  /** The rows of the spec table, in schema order. */
  List<FieldRow> specFields() {
    return tables().spec();
  }

  private record Tables(List<FieldRow> spec, List<RuleRow> rules, List<FieldRow> status) {}

  private Tables tables() {
    Tables tables = new Tables(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    // Rules on spec itself relate fields of different sections (no field row of their own).
    celRules(property("spec"), "spec", "", new ArrayList<>(), tables.rules());
    children(property("spec"), "spec", tables.spec(), tables.rules());
    // Status has no rules worth listing; they would be collected into a throwaway list.
    children(property("status"), "status", tables.status(), new ArrayList<>());
    return tables;
  }

  String render() {
    Tables tables = tables();
    CustomResourceDefinitionSpec definition = crd.definition().getSpec();
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from the CRD by ApiReferenceTest: edit the Javadoc and annotations")
        .append(" in api/v1alpha1, then run hack/update-crd.sh. -->\n\n");
    md.append(
        "`%s` (`%s/%s`, short name `%s`, %s). Required: `spec.%s`.\n\n"
            .formatted(
                definition.getNames().getKind(),
                definition.getGroup(),
                crd.storageVersion(),
                String.join("`, `", definition.getNames().getShortNames()),
                definition.getScope().toLowerCase(),
                String.join("`, `spec.", property("spec").getRequired())));

    md.append("## Spec\n\n");
    md.append("| Field | Type | Description | Validation |\n| --- | --- | --- | --- |\n");
    tables
        .spec()
        .forEach(
            row ->
                md.append(
                    "| `%s` | %s | %s | %s |\n"
                        .formatted(
                            code(row.path()),
                            row.type(),
                            text(row.description()),
                            String.join("; ", row.validation()))));

    md.append("\n## Validation rules (CEL)\n\n");
    md.append("The API server checks these whenever an AmsInstance is created or updated.\n\n");
    md.append("| Field | Rule | Message |\n| --- | --- | --- |\n");
    tables
        .rules()
        .forEach(
            rule ->
                md.append(
                    "| `%s` | `%s` | %s |\n"
                        .formatted(code(rule.path()), code(rule.rule()), text(rule.message()))));

    md.append("\n## Status\n\n");
    md.append("| Field | Type | Description |\n| --- | --- | --- |\n");
    // Standard parts (the Condition fields) carry no description and would only add noise.
    tables.status().stream()
        .filter(row -> row.description() != null)
        .forEach(
            row ->
                md.append(
                    "| `%s` | %s | %s |\n"
                        .formatted(code(row.path()), row.type(), text(row.description()))));
    return md.toString();
  }

  private JSONSchemaProps property(String name) {
    return crd.openApiSchema().getProperties().get(name);
  }

  private void children(
      JSONSchemaProps parent, String parentPath, List<FieldRow> rows, List<RuleRow> rules) {
    if (parent.getProperties() == null) {
      return;
    }
    List<String> required = parent.getRequired() == null ? List.of() : parent.getRequired();
    parent
        .getProperties()
        .forEach(
            (name, schema) ->
                field(parentPath + "." + name, name, schema, required.contains(name), rows, rules));
  }

  private void field(
      String path,
      String name,
      JSONSchemaProps schema,
      boolean required,
      List<FieldRow> rows,
      List<RuleRow> rules) {
    List<String> validation = new ArrayList<>();
    if (required) {
      validation.add("required");
    }
    if (KUBERNETES_TYPES.containsKey(name)) {
      rows.add(new FieldRow(path, KUBERNETES_TYPES.get(name), schema.getDescription(), validation));
      return;
    }
    validation.addAll(constraints(schema));
    celRules(schema, path, "", validation, rules);

    JSONSchemaProps item = schema.getItems() == null ? null : schema.getItems().getSchema();
    if (item != null) {
      constraints(item).forEach(c -> validation.add("each item: " + c));
      celRules(item, path + "[*]", "each item: ", validation, rules);
    }
    rows.add(new FieldRow(path, "`" + type(schema) + "`", schema.getDescription(), validation));

    if (item != null) {
      children(item, path + "[*]", rows, rules);
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      children(schema.getAdditionalProperties().getSchema(), path + "[*]", rows, rules);
    }
    children(schema, path, rows, rules);
  }

  private static void celRules(
      JSONSchemaProps schema,
      String path,
      String prefix,
      List<String> validation,
      List<RuleRow> rules) {
    if (schema.getXKubernetesValidations() == null) {
      return;
    }
    for (ValidationRule rule : schema.getXKubernetesValidations()) {
      validation.add(prefix + "CEL: " + text(rule.getMessage()));
      rules.add(new RuleRow(path, rule.getRule(), rule.getMessage()));
    }
  }

  private static List<String> constraints(JSONSchemaProps schema) {
    List<String> constraints = new ArrayList<>();
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      constraints.add(
          "one of "
              + schema.getEnum().stream()
                  .map(value -> "`" + code(value.asText()) + "`")
                  .collect(Collectors.joining(", ")));
    }
    bound(constraints, "min", schema.getMinimum());
    bound(constraints, "max", schema.getMaximum());
    bound(constraints, "min length", schema.getMinLength());
    bound(constraints, "max length", schema.getMaxLength());
    bound(constraints, "min items", schema.getMinItems());
    bound(constraints, "max items", schema.getMaxItems());
    if (schema.getPattern() != null) {
      constraints.add("pattern `" + code(schema.getPattern()) + "`");
    }
    return constraints;
  }

  private static void bound(List<String> constraints, String label, Number value) {
    if (value != null) {
      // The generator writes bounds as doubles (1000.0); the reference shows 1000.
      constraints.add(
          label + " " + new BigDecimal(value.toString()).stripTrailingZeros().toPlainString());
    }
  }

  private static String type(JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      return "int-or-string";
    }
    if ("array".equals(schema.getType()) && schema.getItems() != null) {
      return "[]" + type(schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      return "map[string]" + type(schema.getAdditionalProperties().getSchema());
    }
    return schema.getType();
  }

  /** Text inside a code span of a table cell: only the cell separator needs escaping. */
  private static String code(String value) {
    return value.replace("|", "\\|");
  }

  /** Plain text in a table cell: one line, and no characters Markdown would take as markup. */
  private static String text(String value) {
    if (value == null) {
      return "";
    }
    return value
        .replace("\n", " ")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
