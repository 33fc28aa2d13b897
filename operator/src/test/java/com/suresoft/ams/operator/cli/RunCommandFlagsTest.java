package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags the Helm chart passes to {@code run} are the flags {@code run} understands. */
class RunCommandFlagsTest {

  @Test
  void chartArgumentsParse() {
    String rendered =
        new Helm(Path.of(System.getProperty("ams.projectRoot"), "charts", "ams-operator"))
            .template()
            .withName("ams")
            .set("watchNamespaces[0]", "team-a")
            .set("health.port", 9091)
            .call();
    String deploymentYaml =
        Arrays.stream(rendered.split("(?m)^---\\s*$"))
            .filter(d -> d.contains("kind: Deployment"))
            .findFirst()
            .orElseThrow();
    var deployment = new KubernetesSerialization().unmarshal(deploymentYaml, Deployment.class);
    var args = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertThat(args.get(0)).isEqualTo("run");

    var command = new RunCommand();
    new CommandLine(command).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    assertThat(command.leaderElection).isTrue();
    assertThat(command.healthPort).isEqualTo(9091);
    assertThat(command.metricsPort).isEqualTo(8080);
    assertThat(command.namespaces).containsExactly("team-a");
    assertThat(command.resync).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void leaderElectionCanBeSwitchedOff() {
    var command = new RunCommand();
    new CommandLine(command).parseArgs("--leader-election=false");
    assertThat(command.leaderElection).isFalse();
    new CommandLine(command).parseArgs("--leader-election");
    assertThat(command.leaderElection).isTrue();
  }
}
