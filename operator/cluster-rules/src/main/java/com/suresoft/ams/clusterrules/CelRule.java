package com.suresoft.ams.clusterrules;

/**
 * One {@code x-kubernetes-validations} entry and the schema node it sits on.
 *
 * @param schemaPath where the rule sits, e.g. {@code spec.release.canary.steps[*]} ({@code [*]} an
 *     array item, {@code [<key>]} a map value)
 * @param expression the CEL expression, evaluated with {@code self} bound to that node
 * @param message what is wrong when the expression is false; may be null
 * @param fieldPath the field to blame, relative to the node, e.g. {@code .host}; may be null
 * @param reason the Kubernetes reason, e.g. {@code FieldValueRequired}; may be null
 */
public record CelRule(
    String schemaPath, String expression, String message, String fieldPath, String reason) {

  /** The message Kubernetes shows: the rule's own, else the failed expression. */
  public String effectiveMessage() {
    return message != null ? message : "failed rule: " + expression;
  }
}
