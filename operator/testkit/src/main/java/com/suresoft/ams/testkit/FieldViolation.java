package com.suresoft.ams.testkit;

import java.util.List;

/**
 * One field a real API server's validation refuses, as it lists them in a 422 {@code Status}:
 * {@code details.causes[]} has its {@link #reason}, {@link #field} and {@link #detail}, and the
 * message joins them as {@code field: detail}.
 *
 * @param reason {@code FieldValueInvalid}, {@code FieldValueForbidden}, {@code FieldValueRequired},
 *     ...
 */
record FieldViolation(String reason, String field, String detail) {

  static FieldViolation invalid(String field, String value, String why) {
    return new FieldViolation("FieldValueInvalid", field, "Invalid value: " + value + ": " + why);
  }

  static FieldViolation immutable(String field, String value) {
    return invalid(field, value, "field is immutable");
  }

  static FieldViolation forbidden(String field, String why) {
    return new FieldViolation("FieldValueForbidden", field, "Forbidden: " + why);
  }

  String summary() {
    return field + ": " + detail;
  }

  /**
   * The message of a 422: {@code Kind.group "name" is invalid: ...}, as kube-apiserver words it.
   */
  static String message(String qualifiedKind, String name, List<FieldViolation> violations) {
    List<String> summaries = violations.stream().map(FieldViolation::summary).toList();
    return qualifiedKind
        + " \""
        + name
        + "\" is invalid: "
        + (summaries.size() == 1 ? summaries.get(0) : "[" + String.join(", ", summaries) + "]");
  }
}
