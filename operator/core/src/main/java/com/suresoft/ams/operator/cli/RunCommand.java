package com.suresoft.ams.operator.cli;

import ch.qos.logback.classic.LoggerContext;
import com.suresoft.ams.operator.cache.SharedStrings;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.runtime.OperatorProcess;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the operator against the cluster of the current kubeconfig or the in-cluster config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    defaultValueProvider = RunCommand.Environment.class,
    description = {
      "Run the operator against the current kubeconfig's or the in-cluster config.",
      "Every option can also come from the environment variable named with it; a flag wins."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-n", "--namespace"},
      split = "\\s*,\\s*",
      description =
          "Namespace to watch; repeatable or comma-separated. Default: all namespaces (env AMS_NAMESPACES).")
  List<String> namespaces = List.of();

  @Option(
      names = "--resync",
      defaultValue = "PT10M",
      description =
          "Longest time between two reconciliations of an instance (ISO-8601). Default: ${DEFAULT-VALUE} (env AMS_RESYNC).")
  Duration resync;

  int reconcileThreads;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "" + AmsOperator.DEFAULT_RECONCILE_THREADS,
      description =
          "Instances reconciled at once. Default: ${DEFAULT-VALUE} (env AMS_RECONCILE_THREADS).")
  void setReconcileThreads(int value) {
    if (value < 1) {
      throw new ParameterException(
          spec.commandLine(), "--reconcile-threads must be at least 1, not " + value);
    }
    reconcileThreads = value;
  }

  @Option(
      names = "--leader-election",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description =
          "Compete for the Lease ams-operator-lock in the operator's namespace (env POD_NAMESPACE)"
              + " so that only one replica acts. Default: ${DEFAULT-VALUE} (env AMS_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--health-port",
      defaultValue = "8081",
      description =
          "Port of /healthz and /readyz. Default: ${DEFAULT-VALUE} (env AMS_HEALTH_PORT).")
  int healthPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "8080",
      description =
          "Port of /metrics (Prometheus text). Default: ${DEFAULT-VALUE} (env AMS_METRICS_PORT).")
  int metricsPort;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      converter = LogFormatConverter.class,
      description =
          "text, or json: one JSON object per line. Default: ${DEFAULT-VALUE} (env AMS_LOG_FORMAT).")
  LogFormat logFormat;

  @Mixin PlatformOptions platformOptions = new PlatformOptions();

  /** The platform the options describe; each unset option keeps {@link Platform#DEFAULTS}'. */
  Platform platform() {
    return platformOptions.platform();
  }

  /** The environment variable of each option: one table, read by {@link Environment}. */
  static final Map<String, String> ENV_BY_OPTION =
      Map.ofEntries(
          Map.entry("--namespace", "AMS_NAMESPACES"),
          Map.entry("--resync", "AMS_RESYNC"),
          Map.entry("--reconcile-threads", "AMS_RECONCILE_THREADS"),
          Map.entry("--leader-election", "AMS_LEADER_ELECTION"),
          Map.entry("--health-port", "AMS_HEALTH_PORT"),
          Map.entry("--metrics-port", "AMS_METRICS_PORT"),
          Map.entry("--log-format", LogFormat.VARIABLE),
          Map.entry("--allowed-cluster-secret-stores", "AMS_ALLOWED_CLUSTER_SECRET_STORES"),
          Map.entry("--allowed-prometheus-urls", "AMS_ALLOWED_PROMETHEUS_URLS"),
          Map.entry("--allowed-cluster-issuers", "AMS_ALLOWED_CLUSTER_ISSUERS"),
          Map.entry("--allowed-ingress-classes", "AMS_ALLOWED_INGRESS_CLASSES"),
          Map.entry("--allowed-gateways", "AMS_ALLOWED_GATEWAYS"),
          Map.entry("--allowed-image-registries", "AMS_ALLOWED_IMAGE_REGISTRIES"),
          Map.entry("--ingress-controller-namespaces", "AMS_INGRESS_CONTROLLER_NAMESPACES"),
          Map.entry("--prometheus-namespaces", "AMS_PROMETHEUS_NAMESPACES"));

  /**
   * Defaults from the environment, so that a Deployment can configure the operator with env alone.
   * Picocli asks this before the annotation's default; a flag on the command line wins.
   */
  static final class Environment implements IDefaultValueProvider {
    private final Map<String, String> env;

    Environment() {
      this(System.getenv());
    }

    Environment(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
      if (!(argument instanceof OptionSpec option)) {
        return null;
      }
      String variable = ENV_BY_OPTION.get(option.longestName());
      String value = variable == null ? null : env.get(variable);
      return value == null || value.isBlank() ? null : value.trim();
    }
  }

  static final class LogFormatConverter implements picocli.CommandLine.ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      return LogFormat.parse(value);
    }
  }

  @Override
  public Integer call() throws Exception {
    // Env AMS_LOG_FORMAT already chose the format when logging started; the flag may differ.
    logFormat.apply((LoggerContext) LoggerFactory.getILoggerFactory());
    var watched = new LinkedHashSet<String>();
    namespaces.stream().filter(ns -> !ns.isBlank()).forEach(watched::add);
    Optional<String> leaseNamespace = Optional.empty();
    if (leaderElection) {
      String ns = System.getenv("POD_NAMESPACE");
      if (ns == null || ns.isBlank()) {
        throw new ParameterException(
            spec.commandLine(),
            "--leader-election needs the operator's namespace in env POD_NAMESPACE");
      }
      leaseNamespace = Optional.of(ns);
    }
    var client = SharedStrings.in(new KubernetesClientBuilder()).build();
    var process =
        new OperatorProcess(
            client,
            new OperatorProcess.Options(
                watched,
                resync,
                reconcileThreads,
                leaseNamespace,
                OperatorProcess.Options.defaultIdentity(),
                healthPort,
                metricsPort,
                platform(),
                () -> System.exit(1)));
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.close();
                  client.close();
                  stopped.countDown();
                },
                "ams-operator-shutdown"));
    process.start();
    stopped.await();
    return 0;
  }
}
