package com.suresoft.ams.operator.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that run real server programs: without the program a test skips on a laptop,
 * but fails when {@code CI=true}, so CI can never go green by skipping them ({@code hack/test.sh}
 * installs the programs).
 */
public final class RequiredProgram {
  private static final List<String> EXTRA_DIRS =
      List.of("/usr/lib/postgresql/15/bin", "/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin");

  private RequiredProgram() {}

  /** The program's path; skips (or fails on CI) the calling test when it is missing. */
  public static Path require(String program) {
    var found = find(program);
    if (found.isEmpty()) {
      String message = program + " is not installed (hack/test.sh installs it)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + "; CI=true, so this test may not skip");
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  /** The directory holding {@code program}, for a PATH entry. */
  public static String directoryOf(String program) {
    return require(program).getParent().toString();
  }

  static Optional<Path> find(String program) {
    var dirs = new java.util.ArrayList<String>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(EXTRA_DIRS);
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
