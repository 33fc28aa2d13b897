package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.runtime.OperatorProcess;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the operator against the cluster of the current kubeconfig or the in-cluster config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator against the current kubeconfig's or the in-cluster config.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-n", "--namespace"},
      description =
          "Namespace to watch; repeatable. Default: all namespaces (env AMS_NAMESPACES, comma-separated).")
  List<String> namespaces = List.of();

  @Option(
      names = "--resync",
      defaultValue = "${env:AMS_RESYNC:-PT10M}",
      description =
          "Longest time between two reconciliations of an instance (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration resync;

  @Option(
      names = "--leader-election",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "${env:AMS_LEADER_ELECTION:-false}",
      description =
          "Compete for the Lease ams-operator-lock in the operator's namespace (env POD_NAMESPACE)"
              + " so that only one replica acts. Default: ${DEFAULT-VALUE} (env AMS_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--health-port",
      defaultValue = "${env:AMS_HEALTH_PORT:-8081}",
      description = "Port of /healthz and /readyz. Default: ${DEFAULT-VALUE}.")
  int healthPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:AMS_METRICS_PORT:-8080}",
      description = "Port of /metrics (Prometheus text). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Override
  public Integer call() throws Exception {
    var watched = new LinkedHashSet<>(namespaces);
    String fromEnv = System.getenv("AMS_NAMESPACES");
    if (watched.isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
      for (String ns : fromEnv.split(",")) {
        if (!ns.isBlank()) {
          watched.add(ns.trim());
        }
      }
    }
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
    var client = new KubernetesClientBuilder().build();
    var process =
        new OperatorProcess(
            client,
            new OperatorProcess.Options(
                watched,
                resync,
                leaseNamespace,
                OperatorProcess.Options.defaultIdentity(),
                healthPort,
                metricsPort,
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
