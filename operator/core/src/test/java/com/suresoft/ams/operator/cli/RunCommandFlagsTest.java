package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.suresoft.ams.operator.chart.Chart;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.model.platform.PrometheusUrls;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags and environment the Helm chart gives {@code run} are the ones {@code run} understands,
 * and every option of {@code run} can be set from the environment.
 */
class RunCommandFlagsTest {

  @Test
  void chartArgumentsAndEnvironmentParse() {
    var container =
        deployment(Map.of("watchNamespaces[0]", "team-a", "health.port", 9091, "logFormat", "json"))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    var args = container.getArgs();
    assertThat(args.get(0)).isEqualTo("run");
    var env = new HashMap<String, String>();
    container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));

    var command = parse(env, args.subList(1, args.size()).toArray(String[]::new));
    assertThat(command.leaderElection).isTrue();
    assertThat(command.healthPort).isEqualTo(9091);
    assertThat(command.metricsPort).isEqualTo(8080);
    assertThat(command.namespaces).containsExactly("team-a");
    assertThat(command.resync).isEqualTo(Duration.ofMinutes(10));
    assertThat(command.reconcileThreads).isEqualTo(10);
    assertThat(command.logFormat).isEqualTo(LogFormat.JSON);
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .contains("POD_NAMESPACE", LogFormat.VARIABLE);
  }

  @Test
  void everyOptionComesFromItsEnvironmentVariable() {
    var command =
        parse(
            Map.of(
                "AMS_NAMESPACES", "team-a, team-b",
                "AMS_RESYNC", "PT1M",
                "AMS_RECONCILE_THREADS", "32",
                "AMS_LEADER_ELECTION", "true",
                "AMS_HEALTH_PORT", "9001",
                "AMS_METRICS_PORT", "9002",
                "AMS_LOG_FORMAT", "JSON"));
    assertThat(command.namespaces).containsExactly("team-a", "team-b");
    assertThat(command.resync).isEqualTo(Duration.ofMinutes(1));
    assertThat(command.reconcileThreads).isEqualTo(32);
    assertThat(command.leaderElection).isTrue();
    assertThat(command.healthPort).isEqualTo(9001);
    assertThat(command.metricsPort).isEqualTo(9002);
    assertThat(command.logFormat).isEqualTo(LogFormat.JSON);

    // A new option without an environment variable fails here.
    var options = new CommandLine(new RunCommand()).getCommandSpec().options();
    assertThat(options.stream().map(OptionSpec::longestName))
        .filteredOn(name -> !Set.of("--help", "--version").contains(name))
        .containsExactlyInAnyOrderElementsOf(RunCommand.ENV_BY_OPTION.keySet());
  }

  @Test
  void aFlagWinsOverTheEnvironmentAndDefaultsApplyWithoutEither() {
    var env = Map.of("AMS_NAMESPACES", "team-a", "AMS_HEALTH_PORT", "9001");
    var command = parse(env, "-n", "team-b", "--health-port=7000", "--log-format=json");
    assertThat(command.namespaces).containsExactly("team-b");
    assertThat(command.healthPort).isEqualTo(7000);
    assertThat(command.logFormat).isEqualTo(LogFormat.JSON);

    var defaults = parse(Map.of());
    assertThat(defaults.namespaces).isEmpty();
    assertThat(defaults.resync).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.reconcileThreads).isEqualTo(AmsOperator.DEFAULT_RECONCILE_THREADS);
    assertThat(defaults.leaderElection).isFalse();
    assertThat(defaults.healthPort).isEqualTo(8081);
    assertThat(defaults.metricsPort).isEqualTo(8080);
    assertThat(defaults.logFormat).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void thePlatformsAllowListsAndNamespacesComeFromTheChart() {
    var container =
        deployment(
                Map.of(
                    "platform.allowedClusterSecretStores[0]", "shared-vault",
                    "platform.allowedClusterIssuers[0]", "",
                    "platform.ingressControllerNamespaces[0]", "edge"))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    var args = container.getArgs();
    var platform = parse(Map.of(), args.subList(1, args.size()).toArray(String[]::new)).platform();
    assertThat(platform.clusterSecretStores()).isEqualTo(AllowList.of(List.of("shared-vault")));
    // The chart's default: the Prometheus Operator's usual in-cluster Prometheus.
    assertThat(
            PrometheusUrls.allowed(
                platform.prometheusUrls(), "http://prometheus-operated.monitoring:9090/api"))
        .isTrue();
    assertThat(PrometheusUrls.allowed(platform.prometheusUrls(), "http://169.254.169.254/"))
        .isFalse();
    // An empty list allows nothing; an unset one keeps the open default.
    assertThat(platform.clusterIssuers().allows("letsencrypt-prod")).isFalse();
    assertThat(platform.ingressClasses()).isEqualTo(AllowList.anything());
    assertThat(platform.ingressControllerNamespaces()).containsExactly("edge");
    assertThat(platform.prometheusNamespaces()).containsExactly("monitoring");
  }

  @Test
  void unsetPlatformOptionsKeepTheDefaultsAndAStarAllowsAnything() {
    assertThat(parse(Map.of()).platform()).isEqualTo(Platform.DEFAULTS);
    var platform =
        parse(
                Map.of(
                    "AMS_ALLOWED_CLUSTER_SECRET_STORES", "*",
                    "AMS_ALLOWED_GATEWAYS", "infra/public, infra/internal"))
            .platform();
    assertThat(platform.clusterSecretStores().allows("anyone")).isTrue();
    assertThat(platform.gateways().entries()).containsExactly("infra/public", "infra/internal");
  }

  @Test
  void leaderElectionCanBeSwitchedOff() {
    assertThat(parse(Map.of(), "--leader-election=false").leaderElection).isFalse();
    assertThat(parse(Map.of(), "--leader-election").leaderElection).isTrue();
  }

  @Test
  void fewerThanOneReconcileThreadIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> parse(Map.of(), "--reconcile-threads=0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--reconcile-threads must be at least 1, not 0");
    assertThatThrownBy(() -> parse(Map.of("AMS_RECONCILE_THREADS", "-3")))
        .hasMessageContaining("--reconcile-threads must be at least 1, not -3");
  }

  private static RunCommand parse(Map<String, String> env, String... args) {
    var command = new RunCommand();
    new CommandLine(command)
        .setDefaultValueProvider(new RunCommand.Environment(env))
        .parseArgs(args);
    return command;
  }

  private static Deployment deployment(Map<String, Object> values) {
    var template = new Helm(Chart.renderableDirectory()).template().withName("ams");
    values.forEach(template::set);
    String deploymentYaml =
        Arrays.stream(template.call().split("(?m)^---\\s*$"))
            .filter(d -> d.contains("kind: Deployment"))
            .findFirst()
            .orElseThrow();
    return new KubernetesSerialization().unmarshal(deploymentYaml, Deployment.class);
  }
}
