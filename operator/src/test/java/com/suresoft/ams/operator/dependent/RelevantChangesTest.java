package com.suresoft.ams.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import org.junit.jupiter.api.Test;

class RelevantChangesTest {
  private static HorizontalPodAutoscaler hpa(int max, int current, int desired, String role) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("ams-api-hpa")
        .withGeneration(1L)
        .addToLabels("role", role)
        .endMetadata()
        .withNewSpec()
        .withMaxReplicas(max)
        .endSpec()
        .withNewStatus()
        .withCurrentReplicas(current)
        .withDesiredReplicas(desired)
        .endStatus()
        .build();
  }

  private static Pod pod(String role, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("ams-postgres-1")
        .addToLabels("ams.suresoft.com/postgres-role", role)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  @Test
  void anHpaStatusRewriteIsNotAnEventButWhatTheOperatorReadsIs() {
    var filter = new RelevantChanges.Autoscalers();
    var before = hpa(10, 3, 3, "a");
    assertThat(filter.accept(hpa(10, 4, 3, "a"), before)).as("current replicas only").isFalse();
    assertThat(filter.accept(hpa(10, 3, 5, "a"), before)).as("wanted replicas").isTrue();
    assertThat(filter.accept(hpa(12, 3, 3, "a"), before)).as("spec (drift)").isTrue();
    assertThat(filter.accept(hpa(10, 3, 3, "b"), before)).as("labels (drift)").isTrue();
  }

  @Test
  void aPostgresPodCountsOnlyWhenItsLabelsChange() {
    var filter = new RelevantChanges.PodLabels();
    var before = pod("replica", "Pending");
    assertThat(filter.accept(pod("replica", "Running"), before)).isFalse();
    assertThat(filter.accept(pod("primary", "Pending"), before)).isTrue();
  }
}
