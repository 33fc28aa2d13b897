package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.release.Action;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promote}, {@code abort} and {@code retry}: each sets its action annotation to a fresh
 * token with a JSON merge patch on {@code metadata.annotations} only, so nothing else of the
 * instance is sent (no lost update against the operator or a GitOps tool), and the operator acts on
 * the token once. The commands then wait for the operator's answer ({@link ActionCommand}).
 */
public final class ReleaseActionCommands {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ReleaseActionCommands() {}

  /** A token no earlier request has used: readable time plus randomness. */
  public static String freshToken() {
    return STAMP.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Sets {@code action}'s annotation to {@code token} (a merge patch of that one key). */
  public static AmsInstance annotate(Resource<AmsInstance> resource, Action action, String token) {
    String patch =
        new KubernetesSerialization()
            .asJson(Map.of("metadata", Map.of("annotations", Map.of(action.annotation(), token))));
    return resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  /**
   * The shape all three share: the instance's name, the cluster to reach, and the action whose
   * annotation the command sets. A subclass gives the command its name and description (picocli
   * reads those from the class) and says which action it requests.
   *
   * <p>After setting the token the command waits, unless {@code --no-wait}, until the operator has
   * handled it ({@code status.release.handledActions} holds it), then for the {@code ActionIgnored}
   * Event that the operator writes right after when the action had no effect in the release's
   * phase: the command fails with that Event's message, so that a pipeline never takes an ignored
   * promote for a promotion.
   */
  public abstract static class ActionCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "AmsInstance name.")
    String name;

    @Option(
        names = "--no-wait",
        description = "Set the annotation and exit, without waiting for the operator.")
    boolean noWait;

    @Option(
        names = "--timeout",
        defaultValue = "1m",
        converter = Durations.class,
        description =
            "How long to wait for the operator to handle the request (exit 2 after)."
                + " Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    /**
     * How long after the token is handled an ActionIgnored Event may still come. The operator
     * writes it in the same pass, right after the status; this covers the round trips between.
     */
    @Option(
        names = "--event-grace",
        hidden = true,
        defaultValue = "2s",
        converter = Durations.class)
    Duration eventGrace;

    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;

    /** The action this invocation requests. */
    abstract Action action();

    /** Sets the action's token on the instance and (unless --no-wait) waits for its outcome. */
    @Override
    public Integer call() throws Exception {
      var action = action();
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      try (var client = cluster.client()) {
        String namespace = cluster.namespace(client);
        var resource = cluster.instance(client, name);
        var existing = resource.get();
        if (existing == null) {
          err.println("AmsInstance " + name + " not found in namespace " + namespace);
          err.flush();
          return ExitCodes.FAILED;
        }
        if (noWait) {
          request(resource, action, out);
          return ExitCodes.OK;
        }
        try (var ignored =
                IgnoredActionEvents.watch(
                    client, namespace, existing.getMetadata().getUid(), action);
            var watched = InstanceWatch.start(client, namespace, name, timeout)) {
          String token = request(resource, action, out);
          int waited = awaitHandled(watched, action, token, err);
          if (waited != ExitCodes.OK) {
            return waited;
          }
          var event = ignored.await(eventGrace);
          if (event.isPresent()) {
            err.println(
                action.key()
                    + " ignored by the operator ("
                    + IgnoredActionEvents.REASON
                    + "): "
                    + event.get().getMessage());
            err.flush();
            return ExitCodes.FAILED;
          }
          var release =
              watched.instances().isEmpty() || watched.instances().get(0).getStatus() == null
                  ? null
                  : watched.instances().get(0).getStatus().getRelease();
          out.println(
              action.key()
                  + " handled by the operator"
                  + (release == null || release.getPhase() == null
                      ? ""
                      : "; release "
                          + release.getPhase()
                          + (release.getSummary() == null
                              ? ""
                              : " (" + release.getSummary() + ")")));
          out.flush();
          return ExitCodes.OK;
        }
      }
    }

    private String request(Resource<AmsInstance> resource, Action action, PrintWriter out) {
      String token = freshToken();
      var patched = annotate(resource, action, token);
      out.println(
          action.key()
              + " requested for "
              + patched.getMetadata().getNamespace()
              + "/"
              + name
              + " ("
              + action.annotation()
              + "="
              + token
              + ")");
      out.flush();
      return token;
    }

    /** Waits until the status records {@code token}: OK, or the exit code that ends the wait. */
    private int awaitHandled(InstanceWatch watched, Action action, String token, PrintWriter err)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        watched.drain();
        var instances = watched.instances();
        if (instances.isEmpty()) {
          err.println("AmsInstance " + name + " was deleted");
          err.flush();
          return ExitCodes.FAILED;
        }
        var instance = instances.get(0);
        if (handled(instance, action, token)) {
          return ExitCodes.OK;
        }
        var verdict = Verdict.of(instance, Verdict.Goal.ready);
        if (verdict.state() == Verdict.State.FAILED
            && verdict.reason().contains(Verdict.INVALID_SPEC)) {
          // The operator acts on nothing while the spec is invalid; the token stays set and is
          // handled (and may act) once the spec is fixed.
          err.println(
              action.key()
                  + " not handled: the spec is invalid ("
                  + verdict.reason()
                  + "); the annotation stays set and is handled once the spec is valid");
          err.flush();
          return ExitCodes.FAILED;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          err.println(
              "the operator has not handled "
                  + action.annotation()
                  + "="
                  + token
                  + " within "
                  + Durations.format(timeout)
                  + ": is it running, and does it watch this namespace?");
          err.flush();
          return ExitCodes.TIMEOUT;
        }
        watched.next(Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
      }
    }

    /** Whether the operator has recorded {@code token} as handled for {@code action}. */
    static boolean handled(AmsInstance instance, Action action, String token) {
      var status = instance.getStatus();
      var release = status == null ? null : status.getRelease();
      var handled = release == null ? null : release.getHandledActions();
      return handled != null && token.equals(handled.get(action.key()));
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      exitCodeOnInvalidInput = ExitCodes.USAGE,
      description = "Promote a release: end the current pause or step (--full: all steps).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the operator acted on the request",
        "1:not found, the spec is invalid, or the operator ignored it (the Event is printed)",
        "2:the operator did not handle it within --timeout",
        "64:usage error"
      })
  public static final class Promote extends ActionCommand {
    @Option(names = "--full", description = "Skip every remaining step and promote fully.")
    boolean full;

    @Override
    Action action() {
      return full ? Action.PROMOTE_FULL : Action.PROMOTE;
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      exitCodeOnInvalidInput = ExitCodes.USAGE,
      description = "Abort a release: all traffic back to the stable version at once.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the operator acted on the request",
        "1:not found, the spec is invalid, or the operator ignored it (the Event is printed)",
        "2:the operator did not handle it within --timeout",
        "64:usage error"
      })
  public static final class Abort extends ActionCommand {
    @Override
    Action action() {
      return Action.ABORT;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      exitCodeOnInvalidInput = ExitCodes.USAGE,
      description = "Retry an aborted or failed release from its start.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the operator acted on the request",
        "1:not found, the spec is invalid, or the operator ignored it (the Event is printed)",
        "2:the operator did not handle it within --timeout",
        "64:usage error"
      })
  public static final class Retry extends ActionCommand {
    @Override
    Action action() {
      return Action.RETRY;
    }
  }
}
