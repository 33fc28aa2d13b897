package com.suresoft.ams.operator.api;

import java.nio.file.Path;

/** The repository root, passed to tests by surefire as the system property ams.projectRoot. */
final class ProjectRoot {

  static final String PROPERTY = "ams.projectRoot";

  private ProjectRoot() {}

  static Path path() {
    String root = System.getProperty(PROPERTY);
    if (root == null) {
      throw new IllegalStateException(
          "system property " + PROPERTY + " is not set; run the tests through Maven");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }
}
