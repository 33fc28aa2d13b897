package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.AmsOperator;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.embedded.ControllerSimulator;
import com.suresoft.ams.operator.embedded.EmbeddedApiServer;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The operator's main job on an embedded default: the real operator against the in-process API
 * server test double, with the controller simulator playing Kubernetes' controllers. It applies an
 * instance, shows the objects it became and how the status went to Ready, then releases a new
 * version, and exits by itself.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the operator against an in-process API server (a test double) and show what an"
            + " AmsInstance becomes and how a release proceeds.")
final class DemoCommand implements Callable<Integer> {
  private static final String OPERATOR = "ams-operator";
  private static final String USER = "kubectl";

  @Option(
      names = {"-f", "--file"},
      defaultValue = "samples/production.yaml",
      description = "AmsInstance to apply. Default: ${DEFAULT-VALUE}.")
  Path file;

  @Option(
      names = "--release-version",
      defaultValue = "1.1.0",
      description =
          "Version the demo releases after the first one is Ready. Default: ${DEFAULT-VALUE}.")
  String releaseVersion;

  @Option(
      names = "--timeout",
      defaultValue = "PT50S",
      description = "Give up after this long (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Spec CommandSpec spec;

  private PrintWriter out;
  private Instant started;
  private String lastStatusLine;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (!Files.isRegularFile(file)) {
      spec.commandLine()
          .getErr()
          .println("demo: no such file: " + file + " (run from the repository root, or pass -f)");
      return 2;
    }
    var instance = InstanceFiles.read(file);
    started = Instant.now();
    var reconciles = new AtomicLong();
    Metrics counter =
        new Metrics() {
          @Override
          public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
            reconciles.incrementAndGet();
          }
        };
    say(
        "starting an in-process Kubernetes API server (a test double, not a cluster), the controller simulator and the operator");
    try (var server = EmbeddedApiServer.start();
        var simulator = ControllerSimulator.start(server);
        var operatorClient = server.client(OPERATOR);
        var user = server.client(USER)) {
      server.installCrd(AmsInstanceCrd.fromClasspath().definition());
      var settings =
          AmsOperator.Settings.defaults()
              .withResyncInterval(Duration.ofMillis(500))
              .withMetrics(counter);
      try (var operator = new AmsOperator(operatorClient, settings)) {
        operator.start();
        var meta = instance.getMetadata();
        say(
            "applying "
                + file
                + ": AmsInstance "
                + meta.getNamespace()
                + "/"
                + meta.getName()
                + ", tier "
                + instance.getSpec().getTier()
                + ", version "
                + instance.getSpec().getVersion());
        user.resource(instance).create();
        var ready = follow(user, instance, s -> s.getPhase() == Phase.Ready);
        out.println();
        say("what the operator built (kubectl get all -n " + meta.getNamespace() + "):");
        inventory(user, meta.getNamespace(), meta.getName());

        out.println();
        say(
            "releasing "
                + releaseVersion
                + " (strategy "
                + ready.getStatus().getRelease().getStrategy()
                + "): the migration gate, blue-green and canary come with the release feature");
        user.resources(AmsInstance.class)
            .inNamespace(meta.getNamespace())
            .withName(meta.getName())
            .edit(
                i -> {
                  i.getSpec().setVersion(releaseVersion);
                  return i;
                });
        follow(
            user,
            instance,
            s ->
                s.getPhase() == Phase.Ready
                    && releaseVersion.equals(s.getRelease().getStableVersion()));

        out.println();
        long mark = server.requestLog().mark();
        long before = reconciles.get();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
          Thread.sleep(100);
        }
        long writes = server.requestLog().writesSince(mark, OPERATOR::equals).size();
        say(
            "steady state: "
                + (reconciles.get() - before)
                + " reconciles in 3 s, "
                + writes
                + " writes by the operator");
        out.println();
        say("events on the instance:");
        user.v1().events().inNamespace(meta.getNamespace()).list().getItems().stream()
            .filter(e -> meta.getName().equals(e.getInvolvedObject().getName()))
            .forEach(
                e -> out.printf("    %-8s %-22s %s%n", e.getType(), e.getReason(), e.getMessage()));
        out.flush();
        return 0;
      }
    } catch (TimeoutException e) {
      say("gave up: " + e.getMessage());
      return 1;
    }
  }

  /** Prints each status change until {@code done} holds; returns the instance then. */
  private AmsInstance follow(
      KubernetesClient user, AmsInstance instance, Predicate<AmsInstanceStatus> done)
      throws InterruptedException, TimeoutException {
    var meta = instance.getMetadata();
    while (Duration.between(started, Instant.now()).compareTo(timeout) < 0) {
      var current =
          user.resources(AmsInstance.class)
              .inNamespace(meta.getNamespace())
              .withName(meta.getName())
              .get();
      var status = current.getStatus();
      if (status != null
          && Objects.equals(
              status.getObservedGeneration(), current.getMetadata().getGeneration())) {
        String line = describe(status);
        if (!line.equals(lastStatusLine)) {
          say(line);
          lastStatusLine = line;
        }
        if (done.test(status)) {
          return current;
        }
      }
      Thread.sleep(100);
    }
    throw new TimeoutException("the instance did not get there within " + timeout);
  }

  private static String describe(AmsInstanceStatus s) {
    var ready = Conditions.find(s.getConditions(), Conditions.READY);
    String components =
        s.getComponents() == null
            ? ""
            : s.getComponents().entrySet().stream()
                .map(
                    e ->
                        e.getKey()
                            + " "
                            + e.getValue().getReady()
                            + (e.getValue().getVersion() == null
                                ? ""
                                : "@" + e.getValue().getVersion()))
                .collect(Collectors.joining(", "));
    return String.format(
        "phase %-12s Ready=%s (%s)  %s",
        s.getPhase(),
        ready.map(c -> c.getStatus()).orElse("?"),
        ready.map(c -> c.getReason()).orElse("?"),
        components);
  }

  private void inventory(KubernetesClient user, String namespace, String instance) {
    var secrets =
        user.secrets()
            .inNamespace(namespace)
            .withLabel(Labels.INSTANCE, instance)
            .list()
            .getItems();
    secrets.forEach(
        s ->
            row(
                "Secret",
                s.getMetadata().getName(),
                "keys " + String.join(", ", s.getData().keySet()) + " (values never shown)"));
    for (Deployment d :
        user.apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(Labels.INSTANCE, instance)
            .list()
            .getItems()) {
      var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      String replicas =
          d.getStatus() == null
              ? "?"
              : Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0)
                  + "/"
                  + d.getSpec().getReplicas();
      String limits =
          c.getResources() == null || c.getResources().getLimits() == null
              ? ""
              : " limits " + c.getResources().getLimits();
      row("Deployment", d.getMetadata().getName(), replicas + " ready, " + c.getImage() + limits);
    }
    user.services()
        .inNamespace(namespace)
        .withLabel(Labels.INSTANCE, instance)
        .list()
        .getItems()
        .forEach(
            s ->
                row(
                    "Service",
                    s.getMetadata().getName(),
                    "port "
                        + s.getSpec().getPorts().get(0).getPort()
                        + " -> "
                        + selects(s.getSpec().getSelector())));
    user.network()
        .v1()
        .ingresses()
        .inNamespace(namespace)
        .withLabel(Labels.INSTANCE, instance)
        .list()
        .getItems()
        .forEach(
            i ->
                row(
                    "Ingress",
                    i.getMetadata().getName(),
                    "host "
                        + i.getSpec().getRules().get(0).getHost()
                        + (i.getSpec().getTls().isEmpty() ? "" : " (TLS)")
                        + " "
                        + ownAnnotations(i)));
    user.autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withLabel(Labels.INSTANCE, instance)
        .list()
        .getItems()
        .forEach(
            h ->
                row(
                    "HorizontalPodAutoscaler",
                    h.getMetadata().getName(),
                    h.getSpec().getScaleTargetRef().getName()
                        + " "
                        + h.getSpec().getMinReplicas()
                        + ".."
                        + h.getSpec().getMaxReplicas()
                        + " at "
                        + h.getSpec().getMetrics().stream()
                            .map(
                                m ->
                                    m.getResource().getName()
                                        + " "
                                        + m.getResource().getTarget().getAverageUtilization()
                                        + "%")
                            .collect(Collectors.joining(", "))));
  }

  /** What a Service's selector picks, less the labels every pod of the instance has. */
  private static String selects(Map<String, String> selector) {
    if (selector == null) {
      return "(no selector)";
    }
    return selector.entrySet().stream()
        .filter(e -> !e.getKey().equals(Labels.NAME) && !e.getKey().equals(Labels.INSTANCE))
        .map(e -> e.getKey().substring(e.getKey().indexOf('/') + 1) + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** The annotations that configure the ingress controller and cert-manager. */
  private static Map<String, String> ownAnnotations(HasMetadata object) {
    return object.getMetadata().getAnnotations().entrySet().stream()
        .filter(e -> !e.getKey().startsWith("javaoperatorsdk.io/"))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
  }

  private void row(String kind, String name, String details) {
    out.printf("    %-24s %-20s %s%n", kind, name, details);
  }

  private void say(String line) {
    long ms = Duration.between(started, Instant.now()).toMillis();
    out.printf("[%5.1fs] %s%n", ms / 1000.0, line);
    out.flush();
  }
}
