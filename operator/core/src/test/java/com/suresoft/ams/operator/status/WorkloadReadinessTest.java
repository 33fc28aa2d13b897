package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.release.Observed;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/**
 * Readiness of a workload in the middle of a rollout, as the Deployment controller reports it: old
 * pods stay ready until new ones replace them, and {@code readyReplicas} counts both. Counting them
 * as new made an in-place rollout look finished while only old pods were ready.
 */
class WorkloadReadinessTest {

  static Deployment deployment(int desired, int replicas, int updated, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("ams-web-blue")
        .withGeneration(2L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(desired)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(2L)
        .withReplicas(replicas)
        .withUpdatedReplicas(updated)
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  @Test
  void oldReadyPodsDoNotCountForTheNewTemplate() {
    // 3 wanted; all 3 new pods created, none ready yet; the 3 old ones still serve.
    var rolling = WorkloadReadiness.of(deployment(3, 6, 3, 3));
    assertThat(rolling.ready()).isZero();
    assertThat(rolling.isReady()).isFalse();
    // One new pod ready, one old pod gone.
    var oneNew = WorkloadReadiness.of(deployment(3, 5, 3, 3));
    assertThat(oneNew.ready()).isEqualTo(1);
    assertThat(oneNew.isReady()).isFalse();
  }

  @Test
  void aRolloutIsDoneOnlyWhenNoOldPodIsLeft() {
    assertThat(WorkloadReadiness.of(deployment(3, 4, 3, 3)).isReady())
        .as("an old pod still runs")
        .isFalse();
    var done = WorkloadReadiness.of(deployment(3, 3, 3, 3));
    assertThat(done.isReady()).isTrue();
    assertThat(done.ready()).isEqualTo(3);
  }

  @Test
  void thePlannerCountsTheSameWay() {
    assertThat(Observed.readyOfCurrentTemplate(6, 3, 3)).isZero();
    assertThat(Observed.readyOfCurrentTemplate(5, 3, 3)).isEqualTo(1);
    assertThat(Observed.readyOfCurrentTemplate(3, 3, 3)).isEqualTo(3);
    // A scale-up: no old template, the new pods not ready yet.
    assertThat(Observed.readyOfCurrentTemplate(5, 3, 5)).isEqualTo(3);
    assertThat(Observed.readyOfCurrentTemplate(null, null, null)).isZero();
  }
}
