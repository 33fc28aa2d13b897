package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataVolumesTest {
  private static final InstanceModel PRODUCTION =
      InstanceModel.of(TestInstances.sample("production"));

  private static PersistentVolumeClaim claim(String name, Component c, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Labels.claim("ams", c))
        .endMetadata()
        .withNewSpec()
        .withStorageClassName("ssd")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  @Test
  void claimsBelowTheSpecGrowOthersAreLeftAlone() {
    var claims =
        List.of(
            claim("data-ams-postgres-0", Component.POSTGRES, "10Gi"),
            claim("data-ams-postgres-1", Component.POSTGRES, "20Gi"),
            claim("data-ams-redis-0", Component.REDIS, "5Gi"));
    assertThat(DataVolumes.growth(PRODUCTION, claims))
        .containsExactly(
            new DataVolumes.Resize(
                "data-ams-postgres-0", Component.POSTGRES, "ssd", "10Gi", "20Gi"));
  }

  private static final String SMALL =
      "tier: Development\nversion: \"1\"\ndatabase:\n  storage:\n    size: %s\n";

  @Test
  void claimTemplatesOfExistingStatefulSetsAreKept() {
    var small =
        InstanceModel.of(
            TestInstances.withSpec(
                "ams",
                "tier: Development\nversion: \"1\"\ndatabase:\n  storage:\n    size: 3Gi\n"));
    var sets = DataTier.statefulSets(small, DataTierInputs.fresh()).values();
    assertThat(DataVolumes.templateSizes(List.copyOf(sets)))
        .containsEntry(Component.POSTGRES, "3Gi")
        .containsEntry(Component.REDIS, "1Gi")
        .containsEntry(Component.MINIO, "10Gi");
  }

  @Test
  void onlyTemplateSizesThatDifferFromTheSpecAreInputsAndTheyBuildTheSameSets() {
    var small = InstanceModel.of(TestInstances.withSpec("ams", SMALL.formatted("3Gi")));
    var created = List.copyOf(DataTier.statefulSets(small, DataTierInputs.fresh()).values());
    // Just created: the same inputs as before anything existed.
    assertThat(DataTierInputs.of(small, DataVolumes.templateSizes(created)))
        .isEqualTo(DataTierInputs.fresh());

    // Grown in the spec: the template keeps its size, and the inputs say so.
    var grown = InstanceModel.of(TestInstances.withSpec("ams", SMALL.formatted("5Gi")));
    var inputs = DataTierInputs.of(grown, DataVolumes.templateSizes(created));
    assertThat(inputs.claimTemplateSizes()).containsExactly(Map.entry(Component.POSTGRES, "3Gi"));
    assertThat(DataTier.statefulSets(grown, inputs))
        .isEqualTo(
            DataTier.statefulSets(grown, new DataTierInputs(DataVolumes.templateSizes(created))));
  }
}
