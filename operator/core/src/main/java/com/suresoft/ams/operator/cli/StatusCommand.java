package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code status [NAME]}: the instance (or every instance of the namespace, or of all with {@code
 * -A}) with its components, URL, release and conditions. {@code -w} prints each change as the watch
 * delivers it; {@code --timeout} waits for a verdict ({@link Verdict}) and exits by it, so that a
 * pipeline can wait on a release: 0 done, 1 failed, 2 timed out.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    description = {
      "Show AmsInstances: phase, components with ready counts, URL, release (phase, step, routed"
          + " weight, versions) and conditions.",
      "With --timeout, wait until the instance is Ready (or --until paused: its release waits for a"
          + " promote) and exit 0; exit 1 as soon as it fails (Failed, Degraded, InvalidSpec,"
          + " Stalled); exit 2 when the timeout ends first."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:shown; with --timeout: Ready (or paused for a promote with --until paused)",
      "1:not found; with --timeout: failed (Failed, Degraded, InvalidSpec or Stalled)",
      "2:--timeout ended first",
      "64:usage error"
    })
public final class StatusCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      description = "AmsInstance name (default: every instance of the namespace).")
  String name;

  @Mixin ListingOptions listing;

  @Option(
      names = {"-w", "--watch"},
      description =
          "Print again on every change (a watch, not polling) until --timeout ends or Ctrl-C.")
  boolean watch;

  @Option(
      names = "--timeout",
      converter = Durations.class,
      description =
          "Wait up to this long (e.g. 90s, 15m) for the verdict and exit by it: 0 Ready, 1 failed,"
              + " 2 timed out.")
  Duration timeout;

  @Option(
      names = "--until",
      defaultValue = "ready",
      description =
          "With --timeout: what to wait for, ready or paused (the release of spec.version waits"
              + " for a promote). Default: ${DEFAULT-VALUE}.")
  Verdict.Goal until;

  /** For tests: stop watching after this many prints (0: never). */
  @Option(names = "--watch-limit", hidden = true, defaultValue = "0")
  int limit;

  @Mixin ClusterOptions cluster;
  @Spec CommandSpec spec;

  private PrintWriter out;
  private final Map<String, String> shown = new HashMap<>();
  private int printed;

  @Override
  public Integer call() throws Exception {
    if (listing.allNamespaces && (cluster.namespace != null || name != null)) {
      throw new ParameterException(
          spec.commandLine(),
          name != null
              ? "a name cannot be looked up across all namespaces: use -n instead of -A"
              : "-A and -n cannot be used together");
    }
    out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try (var client = cluster.client()) {
      String namespace = listing.allNamespaces ? null : cluster.namespace(client);
      Duration sync = timeout == null ? Duration.ofSeconds(30) : timeout;
      try (var watched = InstanceWatch.start(client, namespace, name, sync)) {
        watched.drain();
        List<AmsInstance> instances = watched.instances();
        if (instances.isEmpty()) {
          err.println(
              name != null
                  ? "AmsInstance " + name + " not found in namespace " + namespace
                  : "No AmsInstances found"
                      + (namespace == null ? "" : " in namespace " + namespace));
          err.flush();
          return name != null || timeout != null ? ExitCodes.FAILED : ExitCodes.OK;
        }
        if (!watch && timeout == null) {
          print(instances, false);
          return ExitCodes.OK;
        }
        return follow(watched);
      }
    }
  }

  /** Watches until the verdict, the timeout or (with -w and no timeout) Ctrl-C. */
  private int follow(InstanceWatch watched) throws InterruptedException {
    var err = spec.commandLine().getErr();
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    if (watch) {
      print(watched.instances(), true);
    }
    while (true) {
      var instances = watched.instances();
      if (timeout != null) {
        var verdict = Verdict.ofAll(instances, until);
        if (name != null && instances.isEmpty()) {
          verdict = new Verdict(Verdict.State.FAILED, "AmsInstance " + name + " was deleted");
        }
        if (verdict.state() != Verdict.State.WAITING) {
          if (!watch) {
            print(instances, false);
          }
          boolean done = verdict.state() == Verdict.State.DONE;
          err.println((done ? "done: " : "failed: ") + verdict.reason());
          err.flush();
          return done ? ExitCodes.OK : ExitCodes.FAILED;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          if (!watch) {
            print(instances, false);
          }
          err.println(
              "timed out after " + Durations.format(timeout) + " waiting: " + verdict.reason());
          err.flush();
          return ExitCodes.TIMEOUT;
        }
      }
      if (limit > 0 && printed >= limit) {
        return ExitCodes.OK;
      }
      // At most a second at a time, so that the timeout is checked when nothing changes.
      var wait = Duration.ofSeconds(1);
      if (timeout != null) {
        wait = Duration.ofNanos(Math.min(deadline - System.nanoTime(), wait.toNanos()));
      }
      var change = watched.next(wait);
      if (change.isPresent() && watch) {
        var c = change.get();
        if (c.deleted()) {
          shown.remove(InstanceWatch.key(c.instance()));
          out.println(InstanceWatch.key(c.instance()) + "  deleted");
          out.flush();
        } else {
          print(List.of(c.instance()), true);
        }
      }
    }
  }

  /**
   * Prints {@code instances}: for a stream ({@code -w}) each as a document of its own, and only
   * when it looks different from the last time; otherwise all at once (a list for json and yaml
   * when no name was given).
   */
  private void print(List<AmsInstance> instances, boolean stream) {
    if (!stream && listing.output != OutputFormat.table && name == null) {
      var items = instances.stream().map(i -> StatusView.document(i, until)).toList();
      out.print(StatusView.format(Map.of("items", items), listing.output));
      out.flush();
      return;
    }
    boolean first = true;
    for (var instance : instances) {
      String text =
          listing.output == OutputFormat.table
              ? StatusView.table(instance)
              : StatusView.format(StatusView.document(instance, until), listing.output);
      if (stream && Objects.equals(shown.put(InstanceWatch.key(instance), text), text)) {
        continue;
      }
      if (listing.output == OutputFormat.table && (!first || (stream && printed > 0))) {
        out.println();
      }
      out.print(text);
      first = false;
      printed++;
    }
    out.flush();
  }
}
