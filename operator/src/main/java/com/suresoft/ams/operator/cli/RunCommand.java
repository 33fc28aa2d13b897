package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.AmsOperator;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the operator against the cluster of the current kubeconfig or the in-cluster config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator against the current kubeconfig's or the in-cluster config.")
final class RunCommand implements Callable<Integer> {

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

  @Override
  public Integer call() throws InterruptedException {
    var watched = new LinkedHashSet<>(namespaces);
    String fromEnv = System.getenv("AMS_NAMESPACES");
    if (watched.isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
      for (String ns : fromEnv.split(",")) {
        if (!ns.isBlank()) {
          watched.add(ns.trim());
        }
      }
    }
    var client = new KubernetesClientBuilder().build();
    var settings =
        AmsOperator.Settings.defaults().withNamespaces(watched).withResyncInterval(resync);
    var operator = new AmsOperator(client, settings);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "ams-operator-shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }
}
