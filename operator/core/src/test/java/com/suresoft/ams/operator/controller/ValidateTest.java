package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a verdict lets a pass do: an invalid spec nothing, a paused one only a held release. */
class ValidateTest {
  private final Validate validate = new Validate(new ValidatedSpecs(new SpecValidator()));

  static AmsInstance instance(String spec) {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1.0.0\"\n" + spec);
    i.getMetadata().setUid("uid-1");
    i.getMetadata().setGeneration(1L);
    return i;
  }

  @Test
  void aValidSpecIsResolvedAndApplied() {
    var verdict = validate.verdict(instance(""), List.of());

    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.model().spec().getVersion()).isEqualTo("1.0.0");
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.applies()).isTrue();
  }

  @Test
  void anInvalidSpecHasErrorsNoModelAndAppliesNothing() {
    var verdict =
        validate.verdict(
            instance(
                "api:\n  autoscaling:\n    enabled: true\n    minReplicas: 3\n    maxReplicas: 2\n"),
            List.of());

    assertThat(verdict.errors()).isNotEmpty();
    assertThat(verdict.model()).isNull();
    assertThat(verdict.applies()).isFalse();
  }

  @Test
  void aPausedInstanceAppliesOnlyWhileItHoldsARelease() {
    var idle = validate.verdict(instance("paused: true\n"), List.of());
    assertThat(idle.paused()).isTrue();
    assertThat(idle.holdsRelease()).isFalse();
    assertThat(idle.applies()).isFalse();

    var releasing = instance("paused: true\n");
    var release = new ReleaseStatus();
    release.setStableVersion("0.9.0");
    release.setCandidateVersion("1.0.0");
    releasing.setStatus(new AmsInstanceStatus());
    releasing.getStatus().setRelease(release);
    var held = validate.verdict(releasing, List.of());
    assertThat(held.holdsRelease()).isTrue();
    assertThat(held.applies()).isTrue();
  }

  @Test
  void aSpecSmallerThanAnExistingVolumeIsInvalid() {
    var verdict =
        validate.verdict(
            instance("redis:\n  storage:\n    size: 1Gi\n"),
            List.of(claim("data-ams-redis-0", "redis", "5Gi")));

    assertThat(verdict.errors()).isNotEmpty();
    assertThat(verdict.errors().toString()).contains("redis");
  }

  @Test
  void currentVolumesAreInNameOrderWhateverOrderTheCacheGives() {
    var volumes =
        Validate.currentVolumes(
            List.of(
                claim("data-ams-redis-0", "redis", "1Gi"),
                claim("data-ams-postgres-0", "postgres", "1Gi")));

    assertThat(volumes.claims())
        .extracting(c -> c.name())
        .containsExactly("data-ams-postgres-0", "data-ams-redis-0");
  }

  static PersistentVolumeClaim claim(String name, String component, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ams")
        .addToLabels("app.kubernetes.io/component", component)
        .addToLabels("app.kubernetes.io/instance", "ams")
        .endMetadata()
        .withNewSpec()
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }
}
