package com.suresoft.ams.operator.cli;

import java.io.PrintWriter;
import java.util.Optional;
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

  /** The JVM's setting for the size of the common fork-join pool. */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    sizeCommonPool();
    System.exit(execute(args));
  }

  /**
   * Sets the common pool's parallelism ({@link #commonPoolParallelism}) for this JVM; to be called
   * before anything uses the pool, which reads the setting once.
   */
  public static void sizeCommonPool() {
    commonPoolParallelism(
            System.getProperty(COMMON_POOL_PARALLELISM), Runtime.getRuntime().availableProcessors())
        .ifPresent(p -> System.setProperty(COMMON_POOL_PARALLELISM, p));
  }

  /**
   * The common pool's parallelism to set before anything uses it, if any: at least 2. With fewer
   * than 2 (the JVM's default is one less than the processors, so on 1 or 2), {@code
   * CompletableFuture}'s default executor starts a thread per task, and the JDK's HTTP client
   * completes every response on such a thread: about 12,000 threads started and ended while 200
   * instances converge, a fifth of the operator's CPU run on threads that live for one response
   * (BENCHMARKS.md, session 14). With 3 or more processors the JVM's default is kept; a value the
   * user set is kept.
   */
  static Optional<String> commonPoolParallelism(String set, int processors) {
    return set == null && processors - 1 < 2 ? Optional.of("2") : Optional.empty();
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
