package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} and {@code render} judge an instance under the platform settings of {@code run}.
 */
class OfflinePlatformTest {
  private static final String CANARY =
      TestInstances.projectRoot().resolve("samples/release-canary-istio.yaml").toString();

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    int exit = AmsOperatorCli.execute(new PrintWriter(out), new PrintWriter(out), args);
    return new Run(exit, out.toString());
  }

  @Test
  void validateRefusesAPrometheusTheOperatorWouldRefuse() {
    var refused = run("validate", "-f", CANARY);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out())
        .contains("spec.release.canary.analysis.prometheusUrl")
        .contains("--allowed-prometheus-urls");
    var allowed =
        run("validate", "-f", CANARY, "--allowed-prometheus-urls", TestPlatforms.PROMETHEUS);
    assertThat(allowed.exit()).as(allowed.out()).isZero();
  }

  @Test
  void renderToo() {
    assertThat(run("render", "-f", CANARY).out())
        .contains("spec.release.canary.analysis.prometheusUrl");
    assertThat(run("render", "-f", CANARY, "--allowed-prometheus-urls=*").exit()).isZero();
  }

  @Test
  void theEnvironmentOfRunAppliesAsWell() {
    var env =
        new RunCommand.Environment(
            java.util.Map.of("AMS_ALLOWED_PROMETHEUS_URLS", TestPlatforms.PROMETHEUS));
    var command = new ValidateCommand();
    new picocli.CommandLine(command).setDefaultValueProvider(env).parseArgs("-f", CANARY);
    assertThat(command.platform.platform().prometheusUrls().entries())
        .containsExactly(TestPlatforms.PROMETHEUS);
  }
}
