package com.suresoft.ams.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's {@code promtool}, run for real in a working directory: the alert tests of the
 * instances' rules and of the operator's own. Skips without it, fails under {@code CI=true} ({@link
 * RequiredProgram}).
 */
public final class Promtool {
  /** What promtool answered: its exit code and its output (stdout and stderr together). */
  public record Result(int exitCode, String output) {}

  private Promtool() {}

  public static Result run(Path dir, String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(RequiredProgram.require("promtool").toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }
}
