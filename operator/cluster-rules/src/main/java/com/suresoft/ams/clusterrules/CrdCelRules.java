package com.suresoft.ams.clusterrules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code x-kubernetes-validations} rules of a CRD schema, evaluated outside the API server:
 * each rule runs with {@code self} bound to the instance node its schema node describes, and only
 * where that node is present, as Kubernetes does.
 *
 * <p>All rules are compiled up front, so a rule that would not compile fails at construction.
 * Transition rules ({@code oldSelf}) are not supported: there is no old object here.
 */
public final class CrdCelRules {

  private record CompiledRule(CelRule rule, CelRuntime.Program program) {}

  private final JSONSchemaProps rootSchema;
  // Keyed by identity: two schema nodes may be equal (api and web autoscaling) yet sit apart.
  private final Map<JSONSchemaProps, List<CompiledRule>> rulesBySchemaNode =
      new IdentityHashMap<>();
  private final List<CelRule> rules = new ArrayList<>();

  public CrdCelRules(JSONSchemaProps rootSchema, KubernetesCel cel) {
    this.rootSchema = rootSchema;
    collect(rootSchema, "", cel);
  }

  /** Every rule of the schema, in schema order. */
  public List<CelRule> rules() {
    return Collections.unmodifiableList(rules);
  }

  /**
   * Evaluates every rule against a whole object ({@code apiVersion}, {@code metadata}, {@code
   * spec}, ...).
   *
   * @return the rules that do not hold, or could not be evaluated; empty when all hold
   */
  public List<CelViolation> validate(JsonNode object) {
    List<CelViolation> violations = new ArrayList<>();
    check(rootSchema, object, "", violations);
    return violations;
  }

  private void collect(JSONSchemaProps schema, String schemaPath, KubernetesCel cel) {
    if (schema == null) {
      return;
    }
    List<ValidationRule> declared = schema.getXKubernetesValidations();
    if (declared != null && !declared.isEmpty()) {
      List<CompiledRule> compiled = new ArrayList<>();
      for (ValidationRule declaredRule : declared) {
        CelRule rule =
            new CelRule(
                schemaPath,
                declaredRule.getRule(),
                declaredRule.getMessage(),
                declaredRule.getFieldPath(),
                declaredRule.getReason());
        rules.add(rule);
        compiled.add(new CompiledRule(rule, cel.compile(rule.expression())));
      }
      rulesBySchemaNode.put(schema, compiled);
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, child) -> collect(child, FieldPaths.field(schemaPath, name), cel));
    }
    collect(SchemaChildren.item(schema), schemaPath + "[*]", cel);
    collect(SchemaChildren.mapValue(schema), schemaPath + "[*]", cel);
  }

  private void check(
      JSONSchemaProps schema, JsonNode value, String path, List<CelViolation> violations) {
    if (schema == null || value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    List<CompiledRule> rulesHere = rulesBySchemaNode.getOrDefault(schema, List.of());
    if (!rulesHere.isEmpty()) {
      Object self = JsonToCel.convert(value, schema);
      for (CompiledRule compiled : rulesHere) {
        evaluate(compiled, self, path).ifPresent(violations::add);
      }
    }
    if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              field ->
                  check(
                      SchemaChildren.field(schema, field.getKey()),
                      field.getValue(),
                      declaresProperty(schema, field.getKey())
                          ? FieldPaths.field(path, field.getKey())
                          : FieldPaths.key(path, field.getKey()),
                      violations));
    } else if (value.isArray()) {
      JSONSchemaProps itemSchema = SchemaChildren.item(schema);
      for (int i = 0; i < value.size(); i++) {
        check(itemSchema, value.get(i), FieldPaths.index(path, i), violations);
      }
    }
  }

  private static boolean declaresProperty(JSONSchemaProps schema, String name) {
    return schema.getProperties() != null && schema.getProperties().containsKey(name);
  }

  private static Optional<CelViolation> evaluate(CompiledRule compiled, Object self, String path) {
    CelRule rule = compiled.rule();
    String field = FieldPaths.append(path, rule.fieldPath());
    try {
      Object result = compiled.program().eval(Map.of(KubernetesCel.SELF, self));
      if (Boolean.TRUE.equals(result)) {
        return Optional.empty();
      }
      if (Boolean.FALSE.equals(result)) {
        return Optional.of(new CelViolation(field, rule.effectiveMessage(), rule));
      }
      return Optional.of(
          new CelViolation(
              field, "rule returned " + result + " instead of a bool: " + rule.expression(), rule));
    } catch (CelEvaluationException e) {
      // The API server refuses the object too when a rule cannot be evaluated.
      return Optional.of(
          new CelViolation(
              field,
              "rule could not be evaluated (" + e.getMessage() + "): " + rule.expression(),
              rule));
    }
  }
}
