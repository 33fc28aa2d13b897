package com.suresoft.ams.operator.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test runs for real: found on the PATH, or the test is skipped on a laptop and fails
 * in CI ({@code CI=true}), where hack/test.sh installs it.
 */
public final class RequiredProgram {
  private RequiredProgram() {}

  /** The program's path; aborts (skips) or fails the calling test when it is missing. */
  public static Path find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message = name + " is not on the PATH (hack/test.sh installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + "; CI=true, so this test may not skip");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
