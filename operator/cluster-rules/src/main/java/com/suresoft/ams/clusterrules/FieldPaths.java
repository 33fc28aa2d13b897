package com.suresoft.ams.clusterrules;

/** Builds the field paths Kubernetes shows in errors: {@code spec.release.canary.steps[2]}. */
final class FieldPaths {

  private FieldPaths() {}

  static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  /** Appends a rule's relative fieldPath ({@code .host}, {@code .steps[0]}) to a node's path. */
  static String append(String path, String relativeFieldPath) {
    if (relativeFieldPath == null || relativeFieldPath.isBlank()) {
      return path;
    }
    if (relativeFieldPath.startsWith(".")) {
      return path.isEmpty() ? relativeFieldPath.substring(1) : path + relativeFieldPath;
    }
    return relativeFieldPath.startsWith("[")
        ? path + relativeFieldPath
        : field(path, relativeFieldPath);
  }
}
