package com.suresoft.ams.clusterrules;

/**
 * A rule that did not hold for an instance.
 *
 * @param field the instance path to blame, e.g. {@code spec.database.externalSecretName}: the
 *     node's path plus the rule's fieldPath
 * @param message the rule's message, or why it could not be evaluated
 * @param rule the rule that failed
 */
public record CelViolation(String field, String message, CelRule rule) {

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
