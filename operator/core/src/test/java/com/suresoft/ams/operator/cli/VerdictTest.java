package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.cli.Verdict.Goal;
import com.suresoft.ams.operator.cli.Verdict.State;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code status --timeout} ends on, for every phase the operator reports. */
class VerdictTest {

  private static AmsInstance instance(long generation, Long observed, Phase phase, Condition... c) {
    var instance = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.1.0\"\n");
    instance.getMetadata().setGeneration(generation);
    var status = new AmsInstanceStatus();
    status.setObservedGeneration(observed);
    status.setPhase(phase);
    status.setConditions(new ArrayList<>(List.of(c)));
    instance.setStatus(status);
    return instance;
  }

  private static Condition condition(String type, boolean value, String reason, long generation) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value ? "True" : "False")
        .withReason(reason)
        .withMessage(reason + " message")
        .withObservedGeneration(generation)
        .build();
  }

  @Test
  void readyAtTheCurrentGenerationIsDone() {
    var v =
        Verdict.of(
            instance(
                3,
                3L,
                Phase.Ready,
                condition("Ready", true, "Ready", 3),
                condition("Degraded", false, "AllComponentsReady", 3)),
            Goal.ready);
    assertThat(v.state()).isEqualTo(State.DONE);
    assertThat(v.reason()).isEqualTo("Ready=True Ready: Ready message");
  }

  @Test
  void aReadyStatusOfAnOlderGenerationIsNotTheNewSpecsReady() {
    // Right after `kubectl apply` of a new version: the operator has not seen it yet.
    var v =
        Verdict.of(instance(4, 3L, Phase.Ready, condition("Ready", true, "Ready", 3)), Goal.ready);
    assertThat(v.state()).isEqualTo(State.WAITING);
    assertThat(v.reason()).contains("generation 4", "generation 3");
    assertThat(Verdict.of(instance(4, null, Phase.Ready), Goal.ready).state())
        .isEqualTo(State.WAITING);
    var noStatus = instance(1, 1L, Phase.Ready);
    noStatus.setStatus(null);
    assertThat(Verdict.of(noStatus, Goal.ready).state()).isEqualTo(State.WAITING);
  }

  @Test
  void aStaleReadyConditionWaitsEvenWhenTheStatusIsCurrent() {
    var v =
        Verdict.of(instance(4, 4L, Phase.Ready, condition("Ready", true, "Ready", 3)), Goal.ready);
    assertThat(v.state()).isEqualTo(State.WAITING);
  }

  @Test
  void anInvalidSpecFails() {
    var v =
        Verdict.of(
            instance(2, 2L, Phase.Failed, condition("Ready", false, "InvalidSpec", 2)), Goal.ready);
    assertThat(v.state()).isEqualTo(State.FAILED);
    assertThat(v.reason()).contains("InvalidSpec");
  }

  @Test
  void degradedAndStalledFail() {
    var aborted =
        instance(
            2,
            2L,
            Phase.Degraded,
            condition("Ready", false, "ReleaseAborted", 2),
            condition("Degraded", true, "ReleaseAborted", 2));
    assertThat(Verdict.of(aborted, Goal.ready))
        .isEqualTo(
            new Verdict(State.FAILED, "Degraded=True ReleaseAborted: ReleaseAborted message"));
    var stalled =
        instance(
            2,
            2L,
            Phase.Progressing,
            condition("Ready", false, "Releasing", 2),
            condition("Stalled", true, "SmokeCheckFailed", 2));
    assertThat(Verdict.of(stalled, Goal.ready).state()).isEqualTo(State.FAILED);
    assertThat(Verdict.of(stalled, Goal.ready).reason())
        .startsWith("Stalled=True SmokeCheckFailed");
    var failed = instance(2, 2L, Phase.Failed, condition("Ready", false, "ReleaseFailed", 2));
    assertThat(Verdict.of(failed, Goal.ready).state()).isEqualTo(State.FAILED);
  }

  @Test
  void provisioningProgressingAndPausedWait() {
    for (var phase : List.of(Phase.Provisioning, Phase.Progressing, Phase.Paused)) {
      var v =
          Verdict.of(
              instance(
                  2,
                  2L,
                  phase,
                  condition("Ready", false, phase.name(), 2),
                  condition("Degraded", false, phase.name(), 2)),
              Goal.ready);
      assertThat(v.state()).as("%s", phase).isEqualTo(State.WAITING);
      assertThat(v.reason()).as("%s", phase).contains(phase.name());
    }
  }

  @Test
  void untilPausedEndsWhenTheReleaseOfSpecVersionWaitsForAPromote() {
    var paused = instance(2, 2L, Phase.Progressing, condition("Ready", false, "Releasing", 2));
    var release = new ReleaseStatus();
    release.setPhase(ReleasePhase.Paused);
    release.setCandidateVersion("1.1.0");
    release.setMessage("preview ready, waiting for promote");
    paused.getStatus().setRelease(release);
    assertThat(Verdict.of(paused, Goal.paused).state()).isEqualTo(State.DONE);
    assertThat(Verdict.of(paused, Goal.paused).reason()).contains("1.1.0 waits for a promote");
    assertThat(Verdict.of(paused, Goal.ready).state()).isEqualTo(State.WAITING);

    // Paused on an older candidate (spec.version moved on): not this release's pause.
    release.setCandidateVersion("1.0.9");
    assertThat(Verdict.of(paused, Goal.paused).state()).isEqualTo(State.WAITING);
  }

  @Test
  void overSeveralInstancesTheFirstFailureWinsAndAllMustBeDone() {
    var ready = instance(1, 1L, Phase.Ready, condition("Ready", true, "Ready", 1));
    var waiting = instance(1, 1L, Phase.Provisioning, condition("Ready", false, "Provisioning", 1));
    waiting.getMetadata().setName("second");
    var failed = instance(1, 1L, Phase.Failed, condition("Ready", false, "InvalidSpec", 1));
    failed.getMetadata().setName("third");
    assertThat(Verdict.ofAll(List.of(ready, ready), Goal.ready).state()).isEqualTo(State.DONE);
    assertThat(Verdict.ofAll(List.of(ready, waiting), Goal.ready))
        .satisfies(v -> assertThat(v.state()).isEqualTo(State.WAITING))
        .satisfies(v -> assertThat(v.reason()).startsWith("ams/second: "));
    assertThat(Verdict.ofAll(List.of(ready, waiting, failed), Goal.ready))
        .satisfies(v -> assertThat(v.state()).isEqualTo(State.FAILED))
        .satisfies(v -> assertThat(v.reason()).startsWith("ams/third: "));
  }
}
