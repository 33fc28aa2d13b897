package com.suresoft.ams.operator.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a program a test runs for real. Missing on a laptop: the test is skipped; missing with
 * {@code CI=true}: the test fails, so CI never passes by skipping ({@code hack/test.sh} installs
 * the programs).
 */
public final class RequiredProgram {
  private RequiredProgram() {}

  /**
   * The first of {@code candidates} (absolute paths) that is executable, else {@code program} on
   * PATH.
   */
  public static Path require(String program, String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program);
      }
    }
    String why = program + " is not installed (hack/test.sh installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
    throw new AssertionError(why); // not reached
  }
}
