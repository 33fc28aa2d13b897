package com.suresoft.ams.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.release.ReleasePlanner;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A set is handed only the inputs its record names (reading more does not compile), and its memo
 * key, which is that record, ignores the rest of the pass.
 */
class InputRecordsTest {
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

  /** The record a set gathers from {@code pass} (these sets read no informer). */
  private static Record inputs(BuiltFrom<?, ?> set, ReconcileInputs pass) {
    return set.inputs(pass, null, null);
  }

  private static String[] components(Record record) {
    return Arrays.stream(record.getClass().getRecordComponents())
        .map(RecordComponent::getName)
        .toArray(String[]::new);
  }

  @Test
  void aModelOnlySetSeesTheModelAndNothingElse() {
    var seen = (NetworkPoliciesDependent.Inputs) inputs(new NetworkPoliciesDependent(), ALL);
    assertThat(seen.model()).isSameAs(MODEL);
    assertThat(components(seen)).containsExactly("model");
  }

  @Test
  void theDataTiersStatefulSetsAlsoSeeTheDataInputs() {
    var seen = (DataStatefulSetsDependent.Inputs) inputs(new DataStatefulSetsDependent(), ALL);
    assertThat(seen.data()).isSameAs(ALL.data());
    assertThat(components(seen)).containsExactly("model", "data");
  }

  @Test
  void routedObjectsSeeWhereTrafficGoesButNotTheDeployments() {
    var seen = (AppServicesDependent.Inputs) inputs(new AppServicesDependent(), ALL);
    assertThat(seen.routing()).isSameAs(ALL.routing());
    assertThat(components(seen)).containsExactly("model", "routing");
  }

  @Test
  void theAppTiersAutoscalersSeeTheirPlanButNotTheRouting() {
    var seen = (AppAutoscalersDependent.Inputs) inputs(new AppAutoscalersDependent(), ALL);
    assertThat(seen.plan()).isSameAs(ALL.plan());
    assertThat(components(seen)).containsExactly("model", "plan");
  }

  @Test
  void theMemoKeyOfARoutedSetIgnoresTheDataTierAndTheDeployments() {
    var dataNotReady =
        new ReconcileInputs(
            MODEL,
            ALL.release(),
            null,
            ALL.served(),
            true,
            new DataTierInputs(Map.of(Component.POSTGRES, "1Gi")),
            false);
    var routed = new AppServicesDependent();
    assertThat(inputs(routed, dataNotReady)).isEqualTo(inputs(routed, ALL));
  }

  @Test
  void theMemoKeyOfAModelOnlySetIgnoresTheRelease() {
    var other =
        new ReconcileInputs(
            MODEL,
            ReleasePlanner.steady(MODEL, Slot.green),
            null,
            ServedVersions.none(),
            false,
            DataTierInputs.fresh(),
            false);
    var modelOnly = new NetworkPoliciesDependent();
    assertThat(inputs(modelOnly, other)).isEqualTo(inputs(modelOnly, ALL));
    var routed = new AppServicesDependent();
    assertThat(inputs(routed, other)).isNotEqualTo(inputs(routed, ALL));
  }
}
