package com.suresoft.ams.demo;

import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.cli.InstanceFiles;
import com.suresoft.ams.operator.cli.ReleaseActionCommands;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine;
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
    name = "ams-operator-demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the operator against an in-process API server (a test double) and show what an"
            + " AmsInstance becomes and how a release proceeds.")
public final class DemoCommand implements Callable<Integer> {
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
      defaultValue = "PT120S",
      description = "Give up after this long (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Spec CommandSpec spec;

  private PrintWriter out;
  private Instant started;
  private String lastStatusLine;

  /** {@code java -jar ams-operator-demo.jar [-f FILE]}: what {@code ./hack/demo.sh} runs. */
  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the demo with its output going to {@code out} and {@code err}; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new DemoCommand()).setOut(out).setErr(err).execute(args);
  }

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
      // Istio's CRDs as Istio 1.22+ serves them, so that the canary below is routed by
      // VirtualService weights (written in v1, the newest version served).
      server.installCrd(
          EmbeddedApiServer.minimalCrdServing(
              "networking.istio.io", "VirtualService", "virtualservices", "v1", "v1beta1"));
      server.installCrd(
          EmbeddedApiServer.minimalCrdServing(
              "networking.istio.io", "DestinationRule", "destinationrules", "v1", "v1beta1"));
      // Gateway API's HTTPRoute, so that a sample published through a Gateway shows its route.
      server.installCrd(
          EmbeddedApiServer.minimalCrd(
              "gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"));
      var settings =
          AmsOperator.Settings.builder()
              .platform(PLATFORM)
              .resyncInterval(Duration.ofMillis(500))
              .metrics(counter)
              .build();
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
                + " as a canary routed by Istio (its CRDs are installed in the test double):"
                + " migration Job, 10 %, pause until promote, 50 %, a 2 s pause, full promotion");
        edit(user, instance, i -> i.getSpec().setVersion(releaseVersion), CANARY);
        followRelease(
            user,
            instance,
            r -> r.getPhase() == ReleasePhase.Paused && Objects.equals(r.getCanaryWeight(), 10));
        say("kubectl ams promote " + meta.getName() + " -n " + meta.getNamespace());
        ReleaseActionCommands.annotate(
            user.resources(AmsInstance.class)
                .inNamespace(meta.getNamespace())
                .withName(meta.getName()),
            Action.PROMOTE,
            ReleaseActionCommands.freshToken());
        followRelease(
            user,
            instance,
            r ->
                r.getPhase() == ReleasePhase.Stable && releaseVersion.equals(r.getStableVersion()));

        out.println();
        String abandoned = abandonedVersion(releaseVersion);
        say("releasing " + abandoned + " blue-green, then aborting it during its preview");
        edit(user, instance, i -> i.getSpec().setVersion(abandoned), BLUE_GREEN);
        followRelease(user, instance, r -> r.getPhase() == ReleasePhase.Paused);
        say("kubectl ams abort " + meta.getName() + " -n " + meta.getNamespace());
        ReleaseActionCommands.annotate(
            user.resources(AmsInstance.class)
                .inNamespace(meta.getNamespace())
                .withName(meta.getName()),
            Action.ABORT,
            ReleaseActionCommands.freshToken());
        followRelease(user, instance, r -> r.getPhase() == ReleasePhase.Aborted);
        say(
            "all traffic is back on "
                + releaseVersion
                + "; `kubectl ams retry` or another spec.version moves on from here");

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

  /**
   * The operator's defaults plus the one Prometheus the samples name (as the chart's defaults), so
   * that {@code demo -f samples/release-canary-istio.yaml} is accepted; nothing else is opened.
   */
  static final Platform PLATFORM =
      new Platform(
          Platform.DEFAULTS.clusterSecretStores(),
          AllowList.of(List.of("http://prometheus-operated.monitoring:9090")),
          Platform.DEFAULTS.clusterIssuers(),
          Platform.DEFAULTS.ingressClasses(),
          Platform.DEFAULTS.gateways(),
          Platform.DEFAULTS.imageRegistries(),
          Platform.DEFAULTS.ingressControllerNamespaces(),
          Platform.DEFAULTS.prometheusNamespaces());

  /** The canary the demo runs: short pauses, a short scale-down delay, no metric analysis. */
  private static final String CANARY =
      """
      strategy: Canary
      blueGreen: {scaleDownDelaySeconds: 2}
      canary:
        trafficRouter: Istio
        steps:
          - setWeight: 10
          - pause: {}
          - setWeight: 50
          - pause: {durationSeconds: 2}
      """;

  private static final String BLUE_GREEN =
      """
      strategy: BlueGreen
      blueGreen: {previewService: true, scaleDownDelaySeconds: 2}
      """;

  /** Sets a new version and release strategy, as an engineer's commit would. */
  private static void edit(
      KubernetesClient user,
      AmsInstance instance,
      java.util.function.Consumer<AmsInstance> version,
      String releaseYaml) {
    var release =
        user.getKubernetesSerialization()
            .unmarshal(releaseYaml, com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec.class);
    user.resources(AmsInstance.class)
        .inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName())
        .edit(
            i -> {
              version.accept(i);
              i.getSpec().setRelease(release);
              return i;
            });
  }

  /** 1.1.0 -> 1.2.0: the version the demo starts and then abandons. */
  private static String abandonedVersion(String released) {
    var parts = released.split("\\.");
    if (parts.length >= 2 && parts[1].chars().allMatch(Character::isDigit)) {
      parts[1] = Integer.toString(Integer.parseInt(parts[1]) + 1);
      return String.join(".", parts);
    }
    return released + "-next";
  }

  /** Prints each change of the release and of the traffic until {@code done} holds. */
  private void followRelease(
      KubernetesClient user, AmsInstance instance, Predicate<ReleaseStatus> done)
      throws InterruptedException, TimeoutException {
    follow(user, instance, s -> s.getRelease() != null && done.test(s.getRelease()));
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
        String line = describe(status) + traffic(user, meta.getNamespace(), meta.getName());
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
    var release = s.getRelease();
    String releaseLine =
        release == null || release.getPhase() == null || release.getPhase() == ReleasePhase.Stable
            ? ""
            : "\n          release "
                + release.getSummary()
                + (release.getMessage() == null ? "" : ": " + release.getMessage());
    return String.format(
        "phase %-12s Ready=%s (%s)  %s%s",
        s.getPhase(),
        ready.map(c -> c.getStatus()).orElse("?"),
        ready.map(c -> c.getReason()).orElse("?"),
        components,
        releaseLine);
  }

  /** Where user traffic of web goes: the VirtualService's weights, else the Services' slots. */
  private static String traffic(KubernetesClient user, String namespace, String name) {
    var names = new ResourceNames(name);
    var vs =
        user.resources(VirtualService.class)
            .inNamespace(namespace)
            .withName(names.virtualService(Component.WEB))
            .get();
    var routes = new java.util.ArrayList<String>();
    if (vs != null) {
      for (var route : vs.getSpec().getHttp()) {
        String to =
            route.getRoute().stream()
                .map(
                    d ->
                        d.getDestination().getSubset()
                            + (d.getWeight() == null ? "" : " " + d.getWeight() + "%"))
                .collect(Collectors.joining(" / "));
        routes.add(
            (route.getMatch() == null || route.getMatch().isEmpty()
                    ? "weights "
                    : "header route -> ")
                + to);
      }
    } else {
      for (Component c : List.of(Component.WEB, Component.API)) {
        var service = user.services().inNamespace(namespace).withName(names.service(c)).get();
        if (service != null) {
          routes.add(names.service(c) + " -> " + selects(service.getSpec().getSelector()));
        }
        var preview =
            user.services().inNamespace(namespace).withName(names.previewService(c)).get();
        if (preview != null) {
          routes.add(names.previewService(c) + " -> " + selects(preview.getSpec().getSelector()));
        }
      }
    }
    return routes.isEmpty() ? "" : "\n          traffic " + String.join("; ", routes);
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
    user.resources(HTTPRoute.class)
        .inNamespace(namespace)
        .withLabel(Labels.INSTANCE, instance)
        .list()
        .getItems()
        .forEach(
            r ->
                row(
                    "HTTPRoute",
                    r.getMetadata().getName(),
                    "hosts "
                        + r.getSpec().getHostnames()
                        + " on "
                        + r.getSpec().getParentRefs().stream()
                            .map(
                                p ->
                                    (p.getNamespace() == null ? "" : p.getNamespace() + "/")
                                        + p.getName()
                                        + (p.getSectionName() == null
                                            ? ""
                                            : ":" + p.getSectionName()))
                            .collect(Collectors.joining(", "))));
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
