package com.suresoft.ams.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.Component;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageShrinkTest {
  private final SpecValidator validator = new SpecValidator();

  private static CurrentVolumes postgresAt(String size) {
    return new CurrentVolumes(
        List.of(
            new CurrentVolumes.Claim(Component.POSTGRES, "data-ams-postgres-0", "20Gi"),
            new CurrentVolumes.Claim(Component.POSTGRES, "data-ams-postgres-1", size)));
  }

  @Test
  void aSizeBelowAnExistingVolumeIsRefusedNamingTheField() {
    var i =
        TestInstances.withSpec(
            "ams", "tier: Development\nversion: \"1\"\ndatabase:\n  storage:\n    size: 10Gi\n");
    assertThat(validator.validate(i, postgresAt("20Gi")))
        .extracting(FieldError::toString)
        .containsExactly(
            "spec.database.storage.size: (10Gi) is smaller than the volume data-ams-postgres-0"
                + " (20Gi); volumes can grow but never shrink");
    // Without knowledge of the volumes (render, a new instance) the same spec is fine.
    assertThat(validator.validate(i)).isEmpty();
  }

  @Test
  void theSameOrALargerSizeIsAccepted() {
    var same =
        TestInstances.withSpec(
            "ams", "tier: Development\nversion: \"1\"\ndatabase:\n  storage:\n    size: 20Gi\n");
    assertThat(validator.validate(same, postgresAt("20Gi"))).isEmpty();
    var larger =
        TestInstances.withSpec(
            "ams", "tier: Development\nversion: \"1\"\ndatabase:\n  storage:\n    size: 20480Mi\n");
    assertThat(validator.validate(larger, postgresAt("20Gi"))).isEmpty();
  }

  @Test
  void redisAndMinioAreCheckedToo() {
    var i = TestInstances.withSpec("ams", "tier: Development\nversion: \"1\"\n");
    var volumes =
        new CurrentVolumes(
            List.of(
                new CurrentVolumes.Claim(Component.REDIS, "data-ams-redis-0", "2Gi"),
                new CurrentVolumes.Claim(Component.MINIO, "data-ams-minio-0", "100Gi")));
    assertThat(validator.validate(i, volumes))
        .extracting(FieldError::field)
        .containsExactly("spec.redis.storage.size", "spec.objectStorage.storage.size");
  }
}
