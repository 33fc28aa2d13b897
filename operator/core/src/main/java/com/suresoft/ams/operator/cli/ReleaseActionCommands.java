package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.release.Action;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
 * the token once.
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
   */
  abstract static class ActionCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "AmsInstance name.")
    String name;

    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;

    /** The action this invocation requests. */
    abstract Action action();

    /** Patches the action's annotation on the instance; exit 1 when it does not exist. */
    @Override
    public Integer call() throws Exception {
      var action = action();
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      try (var client = cluster.client()) {
        var resource = cluster.instance(client, name);
        if (resource.get() == null) {
          err.println(
              "AmsInstance " + name + " not found in namespace " + cluster.namespace(client));
          err.flush();
          return 1;
        }
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
        return 0;
      }
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = "Promote a release: end the current pause or step (--full: all steps).")
  static final class Promote extends ActionCommand {
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
      description = "Abort a release: all traffic back to the stable version at once.")
  static final class Abort extends ActionCommand {
    @Override
    Action action() {
      return Action.ABORT;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = "Retry an aborted or failed release from its start.")
  static final class Retry extends ActionCommand {
    @Override
    Action action() {
      return Action.RETRY;
    }
  }
}
