package com.suresoft.ams.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
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

  private static Pod pod(String label, String ip, String ready, int restarts) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("ams-postgres-1")
        .addToLabels("a", label)
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .endCondition()
        .addNewContainerStatus()
        .withName("postgres")
        .withRestartCount(restarts)
        .endContainerStatus()
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
    assertThat(filter.accept(hpa(10, 3, 3, "a"), owned(before))).as("owner removed").isTrue();
  }

  /**
   * A copy of {@code object} that its instance owns: compared with the original, the owner is gone.
   */
  private static <T extends HasMetadata> T owned(T object) {
    var copy = Serialization.clone(object);
    copy.getMetadata()
        .setOwnerReferences(
            List.of(new OwnerReferenceBuilder().withKind("AmsInstance").withUid("u1").build()));
    return copy;
  }

  @Test
  void aDisruptionBudgetsStatusIsNotAnEventButItsSpecMetadataAndOwnersAre() {
    var filter = new RelevantChanges.NotStatus<PodDisruptionBudget>();
    var before = budget(1L, "uid-1", 1);

    assertThat(filter.accept(budget(1L, "uid-1", 3), before)).as("status alone").isFalse();
    assertThat(filter.accept(budget(2L, "uid-1", 1), before)).as("spec (generation)").isTrue();
    assertThat(filter.accept(budget(1L, "uid-2", 1), before)).as("owner").isTrue();
    var labelled = budget(1L, "uid-1", 1);
    labelled.getMetadata().setLabels(Map.of("team", "a"));
    assertThat(filter.accept(labelled, before)).as("labels").isTrue();
    var noGeneration = budget(null, "uid-1", 3);
    assertThat(filter.accept(noGeneration, budget(null, "uid-1", 1)))
        .as("a kind without generation")
        .isTrue();
  }

  private static PodDisruptionBudget budget(Long generation, String ownerUid, int healthy) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName("ams-web")
        .withGeneration(generation)
        .addNewOwnerReference()
        .withUid(ownerUid)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNewMinAvailable(1)
        .endSpec()
        .withNewStatus()
        .withCurrentHealthy(healthy)
        .endStatus()
        .build();
  }

  @Test
  void aPostgresPodCountsOnlyWhenWhatItsEndpointShowsChanges() {
    var filter = new RelevantChanges.PostgresPods();
    var before = pod("x", "10.0.0.2", "False", 0);
    assertThat(filter.accept(pod("x", "10.0.0.2", "False", 3), before)).as("restarts").isFalse();
    assertThat(filter.accept(pod("x", "10.0.0.2", "True", 0), before)).as("ready").isTrue();
    assertThat(filter.accept(pod("x", "10.0.0.3", "False", 0), before)).as("IP").isTrue();
    assertThat(filter.accept(pod("y", "10.0.0.2", "False", 0), before)).as("labels").isTrue();
  }

  private static PersistentVolumeClaim claim(String size, String phase) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data-ams-postgres-0")
        .endMetadata()
        .withNewSpec()
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  @Test
  void aClaimCountsWhenItsSpecChangesNotWhenItIsBound() {
    var filter = new RelevantChanges.Claims();
    var before = claim("10Gi", "Pending");
    assertThat(filter.accept(claim("10Gi", "Bound"), before)).isFalse();
    assertThat(filter.accept(claim("20Gi", "Pending"), before)).isTrue();
    assertThat(filter.accept(claim("10Gi", "Pending"), owned(before))).as("owner removed").isTrue();
  }

  private static AmsInstance instance(long generation, String annotation, ReleasePhase phase) {
    var i = TestInstances.sample("development");
    i.getMetadata().setGeneration(generation);
    i.getMetadata().setAnnotations(Map.of("ams.suresoft.com/promote", annotation));
    var status = new AmsInstanceStatus();
    status.setPhase(Phase.Provisioning);
    var release = new ReleaseStatus();
    release.setPhase(phase);
    status.setRelease(release);
    i.setStatus(status);
    return i;
  }

  @Test
  void theOperatorsOwnStatusWritesAreNotEventsButSpecActionsAndReleaseStepsAre() {
    var filter = new RelevantChanges.Instances();
    var before = instance(1, "t1", ReleasePhase.Migrating);
    var statusOnly = instance(1, "t1", ReleasePhase.Migrating);
    statusOnly.getStatus().setPhase(Phase.Ready);
    assertThat(filter.accept(statusOnly, before)).as("status only").isFalse();
    assertThat(filter.accept(instance(2, "t1", ReleasePhase.Migrating), before))
        .as("spec")
        .isTrue();
    assertThat(filter.accept(instance(1, "t2", ReleasePhase.Migrating), before))
        .as("an action annotation")
        .isTrue();
    assertThat(filter.accept(instance(1, "t1", ReleasePhase.Progressing), before))
        .as("a release step")
        .isTrue();
  }
}
