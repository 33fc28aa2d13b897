package com.suresoft.ams.operator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar ams-operator.jar <command>}: the operator and its tools in one jar. */
@Command(
    name = "ams-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs and operates AMS stacks described by AmsInstance resources.",
    subcommands = {
      RunCommand.class,
      RenderCommand.class,
      ValidateCommand.class,
      ReleaseActionCommands.Promote.class,
      ReleaseActionCommands.Abort.class,
      ReleaseActionCommands.Retry.class,
      StatusCommand.class,
      ListCommand.class
    })
public final class AmsOperatorCli {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int execute(String... args) {
    return new CommandLine(new AmsOperatorCli()).execute(args);
  }

  /** Runs a command line with its output going to {@code out} and {@code err} (for tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new AmsOperatorCli()).setOut(out).setErr(err).execute(args);
  }
}
