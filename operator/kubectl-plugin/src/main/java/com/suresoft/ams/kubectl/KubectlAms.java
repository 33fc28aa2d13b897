package com.suresoft.ams.kubectl;

import com.suresoft.ams.operator.cli.ExitCodes;
import com.suresoft.ams.operator.cli.ListCommand;
import com.suresoft.ams.operator.cli.ReleaseActionCommands;
import com.suresoft.ams.operator.cli.StatusCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code kubectl ams}: the client verbs only. The operator's own commands ({@code run}, {@code
 * render}, {@code validate}) stay in the operator jar, so that a laptop cannot start a second
 * operator by accident; the verbs themselves are the operator jar's classes, so both jars behave
 * alike.
 */
@Command(
    name = "kubectl ams",
    mixinStandardHelpOptions = true,
    versionProvider = KubectlAms.Version.class,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    description = "Show and steer AmsInstances and their releases (the AMS operator's client).",
    subcommands = {
      StatusCommand.class,
      ListCommand.class,
      ReleaseActionCommands.Promote.class,
      ReleaseActionCommands.Abort.class,
      ReleaseActionCommands.Retry.class
    })
public final class KubectlAms {

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command line with its output going to {@code out} and {@code err}; the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  /** The command tree, configured as {@link #main} runs it. */
  public static CommandLine commandLine() {
    var commandLine = new CommandLine(new KubectlAms());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // A failure talking to the cluster is a message for the user, not a stack trace.
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + message(e));
          cmd.getErr().flush();
          return ExitCodes.FAILED;
        });
    return commandLine;
  }

  private static String message(Throwable e) {
    var cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** The plugin's version from its jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = KubectlAms.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-ams " + (version == null ? "development" : version)};
    }
  }
}
