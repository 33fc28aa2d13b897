package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.suresoft.ams.operator.bench.ConvergenceBenchmark.Measurement;
import com.suresoft.ams.operator.bench.ConvergenceBenchmark.ProcessFigures;
import com.suresoft.ams.operator.bench.ConvergenceBenchmark.SteadyResync;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementTest {
  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

  /**
   * An operator run of 30 s whose two processes used every processor all along, against a floor of
   * 20 s: its CPU allows no less than 30 s, a ratio of 1.5, whatever the order of its work.
   */
  private static Measurement saturatedRun(Duration operatorCpu) {
    var wall = Duration.ofSeconds(30);
    return new Measurement(
        200,
        wall,
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(25),
        1200,
        0,
        0,
        0,
        0,
        0,
        Duration.ZERO,
        Duration.ZERO,
        0,
        Duration.ofSeconds(10),
        wall.multipliedBy(PROCESSORS),
        6800,
        5200,
        Optional.empty(),
        Optional.of(new ProcessFigures(operatorCpu, 0, 0, 0, new SteadyResync(Duration.ZERO, 0))));
  }

  @Test
  void aRunThatKeptEveryProcessorBusyAllowsNoLessThanItsWallTime() {
    var m = saturatedRun(Duration.ofSeconds(15));
    assertThat(m.ratio()).isCloseTo(1.5, within(1e-9));
    assertThat(m.ratioAtFullProcessors()).isCloseTo(1.5, within(1e-9));
    assertThat(m.processors())
        .contains(String.format("operator run %.2f of %d", (double) PROCESSORS, PROCESSORS))
        .contains("ratio >= 1.50");
  }

  @Test
  void saysHowMuchCpuTheOperatorCouldHaveUsedForARatioOfOnePointTwo() {
    var m = saturatedRun(Duration.ofSeconds(15));
    double benchmarkJvm = 30.0 * PROCESSORS - 15;
    assertThat(m.processors())
        .contains(String.format("benchmark JVM %.1f s, operator 15.0 s", benchmarkJvm))
        .contains(
            String.format("the operator could use %.1f s", 1.2 * 20 * PROCESSORS - benchmarkJvm));
  }
}
