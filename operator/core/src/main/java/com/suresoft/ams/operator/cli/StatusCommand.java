package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints an instance's release readably; {@code --watch} prints again on every change. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the release of an AmsInstance: strategy, phase, step, weight, slots.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "AmsInstance name.")
  String name;

  @Option(
      names = {"-w", "--watch"},
      description = "Keep printing the release whenever it changes (Ctrl-C to stop).")
  boolean watch;

  @Option(names = "--watch-interval", hidden = true, defaultValue = "PT2S")
  Duration interval;

  /** For tests: stop watching after this many prints (0: never). */
  @Option(names = "--watch-limit", hidden = true, defaultValue = "0")
  int limit;

  @Mixin ClusterOptions cluster;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    try (var client = cluster.client()) {
      var resource = cluster.instance(client, name);
      String last = null;
      int printed = 0;
      do {
        AmsInstance instance = resource.get();
        if (instance == null) {
          spec.commandLine().getErr().println("AmsInstance " + name + " not found");
          spec.commandLine().getErr().flush();
          return 1;
        }
        String text = render(instance);
        if (!Objects.equals(text, last)) {
          out.print(text);
          out.flush();
          last = text;
          printed++;
        }
        if (watch && (limit == 0 || printed < limit)) {
          Thread.sleep(interval.toMillis());
        }
      } while (watch && (limit == 0 || printed < limit));
      return 0;
    }
  }

  /** The release as a few aligned lines. */
  static String render(AmsInstance instance) {
    var sw = new StringWriter();
    var out = new PrintWriter(sw);
    var meta = instance.getMetadata();
    var status = instance.getStatus();
    out.printf(
        "%s/%s  %s  ready %s%n",
        meta.getNamespace(),
        meta.getName(),
        status == null || status.getPhase() == null ? "(no status yet)" : status.getPhase(),
        status == null || status.getReady() == null ? "-" : status.getReady());
    var unreadable = instance.unreadable();
    if (unreadable.isPresent()) {
      // No spec to describe a release by; the reason, and the conditions, say what is wrong.
      out.printf("  unreadable %s: %s%n", unreadable.get().field(), unreadable.get().message());
    } else {
      release(out, instance);
    }
    conditions(out, status);
    out.flush();
    return sw.toString();
  }

  private static void release(PrintWriter out, AmsInstance instance) {
    var status = instance.getStatus();
    var spec = InstanceModel.of(instance).spec();
    ReleaseStatus r = status == null ? null : status.getRelease();
    String strategy =
        r != null && r.getStrategy() != null
            ? r.getStrategy()
            : spec.getRelease().getStrategy().name();
    out.printf(
        "  strategy   %s%s%n",
        strategy,
        "Canary".equals(strategy)
            ? " via " + spec.getRelease().getCanary().getTrafficRouter()
            : "");
    if (r == null) {
      out.printf("  release    none yet (spec.version %s)%n", spec.getVersion());
    } else {
      out.printf(
          "  phase      %s%s%n",
          r.getPhase(), r.getSummary() == null ? "" : "  (" + r.getSummary() + ")");
      if (r.getStepIndex() != null && "Canary".equals(strategy)) {
        int n = spec.getRelease().getCanary().getSteps().size();
        out.printf("  step       %d/%d%n", Math.min(r.getStepIndex() + 1, n), n);
      }
      if (r.getCanaryWeight() != null) {
        out.printf("  weight     %d%% on the candidate%n", r.getCanaryWeight());
      }
      var active = r.getActiveSlot();
      out.printf(
          "  stable     %s in slot %s%n",
          r.getStableVersion() == null ? "-" : r.getStableVersion(), active == null ? "-" : active);
      if (r.getCandidateVersion() != null) {
        out.printf(
            "  candidate  %s in slot %s%n",
            r.getCandidateVersion(), active == null ? "-" : active.other());
      }
      if (r.getStartedAt() != null && r.getCandidateVersion() != null) {
        out.printf("  started    %s%n", r.getStartedAt());
      }
      if (r.getLastAnalysis() != null) {
        out.printf(
            "  analysis   %s (%s failed)%n",
            r.getLastAnalysis(), r.getAnalysisFailures() == null ? 0 : r.getAnalysisFailures());
      }
      if (r.getMessage() != null) {
        out.printf("  message    %s%n", r.getMessage());
      }
    }
  }

  private static void conditions(PrintWriter out, AmsInstanceStatus status) {
    if (status != null && status.getConditions() != null && !status.getConditions().isEmpty()) {
      out.println("  conditions");
      for (Condition c : status.getConditions()) {
        out.printf(
            "    %-12s %-6s %s%s%n",
            c.getType(),
            c.getStatus(),
            c.getReason() == null ? "" : c.getReason(),
            c.getMessage() == null || c.getMessage().isBlank() ? "" : ": " + c.getMessage());
      }
    }
  }
}
