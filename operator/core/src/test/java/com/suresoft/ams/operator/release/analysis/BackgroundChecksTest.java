package com.suresoft.ams.operator.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.release.AnalysisResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundChecksTest {
  private final CountDownLatch answer = new CountDownLatch(1);
  private final AtomicInteger started = new AtomicInteger();
  private final List<String> woken = new CopyOnWriteArrayList<>();
  private final BackgroundChecks checks =
      new BackgroundChecks(
          (m, r) -> {
            started.incrementAndGet();
            answer.await();
            return AnalysisResult.passed("at " + r.getStepStartedAt());
          },
          2);

  {
    checks.onDone((namespace, name) -> woken.add(namespace + "/" + name));
  }

  @AfterEach
  void close() {
    checks.close();
  }

  private static final InstanceModel MODEL =
      InstanceModel.of(TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n"));

  private static ReleaseStatus release(String stepStartedAt) {
    var r = new ReleaseStatus();
    r.setCandidateVersion("1.1.0");
    r.setActiveSlot(Slot.blue);
    r.setStepIndex(0);
    r.setCanaryWeight(10);
    r.setStepStartedAt(stepStartedAt);
    return r;
  }

  @Test
  void aPollNeverWaitsForTheCheckAndTheResultComesOnceItIsDone() {
    var due = release("2026-06-01T00:00:00Z");
    // The check blocks until answer is counted down, which only happens below: a poll that
    // waited for it would never return.
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          assertThat(checks.poll(MODEL, due)).isEmpty();
          assertThat(checks.poll(MODEL, due)).isEmpty();
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
    assertThat(checks.poll(MODEL, due)).as("still running: not started twice").isEmpty();
    assertThat(started).hasValue(1);

    answer.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.contains("ams/ams"));
    assertThat(checks.poll(MODEL, due))
        .hasValueSatisfying(r -> assertThat(r.message()).isEqualTo("at 2026-06-01T00:00:00Z"));
    // Taken once: the next poll for the same point starts a new check.
    assertThat(checks.poll(MODEL, due)).isEmpty();
  }

  @Test
  void aResultForAPointTheReleaseHasLeftIsDropped() {
    answer.countDown();
    assertThat(checks.poll(MODEL, release("2026-06-01T00:00:00Z"))).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 1);
    var moved = release("2026-06-01T00:01:00Z");
    assertThat(checks.poll(MODEL, moved)).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 2);
    assertThat(checks.poll(MODEL, moved))
        .hasValueSatisfying(r -> assertThat(r.message()).isEqualTo("at 2026-06-01T00:01:00Z"));
  }

  @Test
  void aForgottenCheckAnswersNothing() {
    var due = release("2026-06-01T00:00:00Z");
    assertThat(checks.poll(MODEL, due)).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
    checks.forget("ams", "ams");
    answer.countDown();
    // A new poll starts afresh rather than taking the forgotten check's answer.
    assertThat(checks.poll(MODEL, due)).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
  }
}
