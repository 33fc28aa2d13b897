package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTimelineTest {

  @Test
  void aTasksTimeOnAProcessorAndWaitingForOneAreTheFirstTwoFieldsOfItsSchedstat(@TempDir Path task)
      throws Exception {
    Files.writeString(task.resolve("schedstat"), "123456789 987654 42\n");
    assertThat(RunTimeline.schedstat(task)).containsExactly(123456789L, 987654L);
  }

  @Test
  void anUnreadableTaskCountsNothing(@TempDir Path task) {
    assertThat(RunTimeline.schedstat(task)).containsExactly(0L, 0L);
    assertThat(RunTimeline.schedstat(null)).containsExactly(0L, 0L);
  }

  @Test
  void thisThreadsOwnSchedstatMovesWhileItWorks() throws Exception {
    Path self = Path.of("/proc/thread-self");
    // Linux only, as the benchmark that reads it.
    assumeTrue(Files.exists(self.resolve("schedstat")));
    long before = RunTimeline.schedstat(self)[0];
    long sum = 0;
    long until = System.nanoTime() + 50_000_000;
    while (System.nanoTime() < until) {
      sum += Long.numberOfTrailingZeros(sum + until);
    }
    assertThat(sum).isNotNegative();
    assertThat(RunTimeline.schedstat(self)[0]).isGreaterThan(before);
  }
}
