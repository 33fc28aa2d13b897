package com.suresoft.ams.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.InSyncMemo;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.release.ReleasePlanner;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A set is handed only the inputs it declares it reads, and reading more fails at once. */
class ReadsTest {
  private static final InstanceModel MODEL = InstanceModel.of(TestInstances.sample("production"));
  private static final ReconcileInputs ALL =
      new ReconcileInputs(
          MODEL,
          ReleasePlanner.steady(MODEL, Slot.blue),
          null,
          ServedVersions.installed(Set.of(OptionalCrd.ISTIO)),
          true,
          DataTierInputs.fresh(),
          true);

  @Test
  void aModelOnlySetSeesTheModelAndNothingElse() {
    var seen = InstanceBulkDependent.Reads.MODEL.of(ALL);
    assertThat(seen.model()).isSameAs(MODEL);
    assertThat(seen.data()).isNull();
    assertThat(seen.served()).isNull();
    assertThatThrownBy(seen::routing).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(seen::plan).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theDataTiersStatefulSetsAlsoSeeTheDataInputs() {
    var seen = InstanceBulkDependent.Reads.MODEL_AND_DATA.of(ALL);
    assertThat(seen.data()).isSameAs(ALL.data());
    assertThatThrownBy(seen::plan).isInstanceOf(NullPointerException.class);
  }

  @Test
  void routedObjectsSeeWhereTrafficGoesButNotTheDeployments() {
    var seen = InstanceBulkDependent.Reads.MODEL_AND_ROUTING.of(ALL);
    assertThat(seen.routing()).isSameAs(ALL.routing());
    assertThat(seen.plan()).isNull();
    assertThat(seen.data()).isNull();
    assertThat(seen.dataReady()).isFalse();
  }

  @Test
  void theAppTiersDeploymentsSeeTheirPlanButNotTheRouting() {
    var seen = InstanceBulkDependent.Reads.MODEL_AND_APP_TIER.of(ALL);
    assertThat(seen.plan()).isSameAs(ALL.plan());
    assertThat(seen.routing()).isNull();
    assertThat(seen.data()).isNull();
  }

  @Test
  void theMemoKeyOfARoutedSetIgnoresTheDataTierAndTheDeployments() {
    var instance = fromServer();
    var dataNotReady =
        new ReconcileInputs(
            MODEL,
            ALL.release(),
            null,
            ALL.served(),
            true,
            new DataTierInputs(Map.of(Component.POSTGRES, "1Gi")),
            false);
    var reads = InstanceBulkDependent.Reads.MODEL_AND_ROUTING;
    assertThat(InSyncMemo.Inputs.of(instance, reads.of(dataNotReady)))
        .isEqualTo(InSyncMemo.Inputs.of(instance, reads.of(ALL)));
  }

  @Test
  void theMemoKeyOfAModelOnlySetIgnoresTheRelease() {
    var instance = fromServer();
    var other =
        new ReconcileInputs(
            MODEL,
            ReleasePlanner.steady(MODEL, Slot.green),
            null,
            ServedVersions.none(),
            false,
            DataTierInputs.fresh(),
            false);
    var reads = InstanceBulkDependent.Reads.MODEL;
    assertThat(InSyncMemo.Inputs.of(instance, reads.of(other)))
        .isEqualTo(InSyncMemo.Inputs.of(instance, reads.of(ALL)));
    assertThat(InSyncMemo.Inputs.of(instance, other))
        .isNotEqualTo(InSyncMemo.Inputs.of(instance, ALL));
  }

  /** The production sample as the API server hands it out: with a uid and a generation. */
  private static AmsInstance fromServer() {
    var instance = TestInstances.sample("production");
    instance.getMetadata().setUid("u");
    instance.getMetadata().setGeneration(1L);
    return instance;
  }
}
