package com.suresoft.ams.clusterrules;

/** One problem with an instance: the field path (e.g. {@code spec.api.replicas}) and why. */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
