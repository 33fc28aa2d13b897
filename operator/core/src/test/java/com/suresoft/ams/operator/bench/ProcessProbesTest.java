package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessProbesTest {

  @Test
  void cpuTicksAreUserPlusSystemTimeCountedFromTheEndOfTheCommandName() {
    // A name with spaces and parentheses shifts a naive split by three fields.
    String stat =
        "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 9000 0 12 0 250 37 5 6 20 0 31 0 100"
            + " 4000000000 120000 18446744073709551615 1 1 0 0 0 0 0 4096 1260 0 0 0 17 1 0 0";

    assertThat(ProcessProbes.cpuTicks(stat)).isEqualTo(250 + 37);
  }

  @Test
  void cpuTicksOfThisProcessGrowAsItWorks() throws Exception {
    Path stat = Path.of("/proc/self/stat");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(stat), "a /proc file system");
    long before = ProcessProbes.cpuTicks(Files.readString(stat));
    // 200 ms of this thread's CPU (20 ticks at the usual 100 a second), however busy the machine.
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuUntil = threads.getCurrentThreadCpuTime() + 200_000_000L;
    long sink = 0;
    while (threads.getCurrentThreadCpuTime() < cpuUntil) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
    assertThat(sink).isNotNegative();
    assertThat(ProcessProbes.cpuTicks(Files.readString(stat))).isGreaterThan(before);
  }

  @Test
  void threadsOfOnePoolAreOneGroupByTheirNameWithoutDigits() {
    var stats =
        java.util.List.of(
            "11 (pool-2-thread-1) S 1 1 1 0 -1 0 0 0 0 0 100 10 0 0 20 0 1 0 5",
            "12 (pool-2-thread-10) S 1 1 1 0 -1 0 0 0 0 0 200 20 0 0 20 0 1 0 5",
            "13 (C1 CompilerThre) S 1 1 1 0 -1 0 0 0 0 0 40 2 0 0 20 0 1 0 5");

    assertThat(ProcessProbes.ticksByThreadGroup(stats))
        .containsExactly(
            java.util.Map.entry("C# CompilerThre", 42L),
            java.util.Map.entry("pool-#-thread-#", 330L));
  }

  @Test
  void peakRssIsVmHwmInBytes() {
    String status =
        """
        Name:\tjava
        VmPeak:\t 4000000 kB
        VmSize:\t 3900000 kB
        VmHWM:\t  512000 kB
        VmRSS:\t  400000 kB
        """;

    assertThat(ProcessProbes.peakRssBytes(status)).isEqualTo(512_000L * 1024);
    assertThatThrownBy(() -> ProcessProbes.peakRssBytes("Name:\tjava\nVmRSS:\t 1 kB\n"))
        .hasMessageContaining("VmHWM");
  }

  @Test
  void jstatGcGivesHeapUsedAndGcTimeByColumnName() {
    // JDK 17, SerialGC: no concurrent cycles, so CGC and CGCT are "-".
    String serial =
        """
            S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT  \s
           8704.0      8704.0         0.0      1234.5      69952.0      10240.0     174784.0      50000.0    40000.0    39000.0    5000.0    4500.0     12     0.123     2     0.456     -          -     0.579
        """;

    var sample = ProcessProbes.jstatGc(serial);

    // Survivors, eden and old; not the metaspace (MU) nor the capacities.
    assertThat(sample.heapUsedBytes()).isEqualTo(Math.round((1234.5 + 10240 + 50000) * 1024));
    assertThat(sample.gcSeconds()).isEqualTo(0.579);
  }

  @Test
  void liveBytesAreTheClassHistogramsTotal() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        390299       39911392  [B (java.base@17.0.15)
           2:         55381       11091040  [I (java.base@17.0.15)
        Total       2628185      135600000
        """;

    assertThat(ProcessProbes.liveBytes(histogram)).isEqualTo(135_600_000L);
    assertThatThrownBy(() -> ProcessProbes.liveBytes("12345:\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jstatGcFindsItsColumnsWhereverTheCollectorPutsThem() {
    String reordered = "GCT OU EU S1U S0U\n1.5 100.0 20.0 3.0 0.0\n";

    var sample = ProcessProbes.jstatGc(reordered);

    assertThat(sample.heapUsedBytes()).isEqualTo(123 * 1024);
    assertThat(sample.gcSeconds()).isEqualTo(1.5);
  }

  @Test
  void finishedReconciliationsSumEveryInstancesSuccessSeriesAndNothingElse() {
    String metrics =
        """
        # HELP operator_sdk_reconciliations_success_total
        # TYPE operator_sdk_reconciliations_success_total counter
        operator_sdk_reconciliations_success_total{kind="AmsInstance",name="ams",namespace="bench-0"} 7.0
        operator_sdk_reconciliations_success_total{kind="AmsInstance",name="ams",namespace="bench-1"} 5.0
        operator_sdk_reconciliations_started_total{kind="AmsInstance",name="ams",namespace="bench-0"} 9.0
        operator_sdk_reconciliations_failed_total{kind="AmsInstance",name="ams",namespace="bench-0"} 1.0
        jvm_threads_live_threads 42.0
        """;

    assertThat(ProcessProbes.finishedReconciliations(metrics)).isEqualTo(12);
    assertThat(ProcessProbes.finishedReconciliations("jvm_threads_live_threads 42.0\n")).isZero();
  }
}
