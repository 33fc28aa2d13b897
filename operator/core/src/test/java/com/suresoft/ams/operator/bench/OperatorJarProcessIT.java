package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar's {@code run} as a process of its own, as the chart's pod runs it (runs after
 * {@code package}, with {@code OperatorJarContentsIT}).
 */
class OperatorJarProcessIT {

  @Test
  void onTwoProcessorsTheJarGivesTheCommonPoolTwoThreadsBeforeItsClientStarts(@TempDir Path dir)
      throws Exception {
    try (var server = EmbeddedApiServer.start();
        var simulator = ControllerSimulator.start(server);
        var user = server.client(ConvergenceBenchmark.USER)) {
      server.installCrd(AmsInstanceCrd.fromClasspath().definition());
      Path kubeconfig =
          server.writeKubeconfig(dir.resolve("kubeconfig"), ConvergenceBenchmark.OPERATOR);
      // A pod that sees two processors, as on a node of two or under a CPU limit of two, on any
      // machine that runs this test.
      var operator =
          OperatorJarProcess.start(
              ProcessConvergence.jar(),
              kubeconfig,
              dir.resolve("operator.log"),
              List.of("-XX:ActiveProcessorCount=2"));
      try {
        await().atMost(Duration.ofSeconds(60)).until(operator::ready);
        var instance = TestInstances.sample("development");
        instance.getMetadata().setNamespace("team-a");
        user.resource(instance).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> operator.finishedReconciliations() >= 1);

        // Else the JVM's default, 1, and a thread started for every HTTP response.
        assertThat(operator.systemProperties())
            .contains("java.util.concurrent.ForkJoinPool.common.parallelism=2");
        assertThat(operator.cpuByThreadGroup().keySet())
            .as("the common pool's workers, which complete the client's responses")
            .anyMatch(group -> group.startsWith("ForkJoinPool.co"));
      } finally {
        operator.close();
      }
    }
  }
}
