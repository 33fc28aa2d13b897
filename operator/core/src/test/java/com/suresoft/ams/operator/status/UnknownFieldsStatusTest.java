package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fields this operator version does not know are named in the {@code UnknownFields} condition (and
 * a Warning Event) while they are there, whatever else the status says, and nowhere once they go.
 */
class UnknownFieldsStatusTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private static AmsInstance instance(String extraSpec, String status) {
    var i =
        JSON.unmarshal(
            "apiVersion: ams.suresoft.com/v1alpha1\nkind: AmsInstance\n"
                + "metadata:\n  name: ams\n  namespace: ams\n  generation: 1\n"
                + "spec:\n  tier: Development\n  version: \"1.0.0\"\n"
                + extraSpec
                + status,
            AmsInstance.class);
    return i;
  }

  private static final Observation NOTHING_YET = new Observation(List.of(), false, Map.of());

  private static Condition unknownFields(AmsInstanceStatus status) {
    return Conditions.find(status.getConditions(), Conditions.UNKNOWN_FIELDS).orElseThrow();
  }

  @Test
  void namesTheSpecsUnknownFieldsButNotAStatusFromANewerOperator() {
    var i =
        instance(
            "  release:\n    someNewField: true\n  api:\n    newKnob: 3\n",
            "status:\n  newerOperatorNote: x\n");

    var status = StatusAggregator.aggregate(i, NOTHING_YET, T0);

    var c = unknownFields(status);
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo(Reasons.FIELDS_IGNORED);
    assertThat(c.getMessage())
        .contains("spec.release.someNewField, spec.api.newKnob")
        .doesNotContain("newerOperatorNote");
    assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
    // It says what is ignored; it does not make the instance fail.
    assertThat(Conditions.find(status.getConditions(), Conditions.READY).orElseThrow().getReason())
        .isNotEqualTo(Reasons.INVALID_SPEC);
  }

  @Test
  void keepsItsTransitionTimeAndGoesWithTheFields() {
    var first = StatusAggregator.aggregate(instance("  newField: 1\n", ""), NOTHING_YET, T0);
    var stored = instance("  newField: 1\n", "");
    stored.setStatus(first);

    var again = StatusAggregator.aggregate(stored, NOTHING_YET, T1);
    assertThat(unknownFields(again).getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(StatusAggregator.same(first, again)).isTrue();

    var fixed = instance("", "");
    fixed.setStatus(again);
    var gone = StatusAggregator.aggregate(fixed, NOTHING_YET, T1);
    assertThat(Conditions.find(gone.getConditions(), Conditions.UNKNOWN_FIELDS)).isEmpty();
  }

  @Test
  void isReportedNextToAnInvalidSpecAndAPause() {
    var i = instance("  paused: true\n  newField: 1\n", "");
    var paused = StatusAggregator.aggregate(i, new Observation(List.of(), true, Map.of()), T0);
    assertThat(unknownFields(paused).getMessage()).contains("spec.newField");

    var invalid =
        StatusAggregator.aggregate(
            i,
            new Observation(
                List.of(new FieldError("spec.version", "is required")), false, Map.of()),
            T0);
    assertThat(unknownFields(invalid).getMessage()).contains("spec.newField");
  }

  @Test
  void aWarningEventWhenFieldsStartOrChangeBeingIgnored() {
    var recorded = new ArrayList<String>();
    var events =
        new TransitionEvents((inst, type, reason, message) -> recorded.add(type + " " + reason));
    var i = instance("  newField: 1\n", "");
    var first = StatusAggregator.aggregate(i, NOTHING_YET, T0);

    events.record(i, null, first);
    events.record(i, first, StatusAggregator.aggregate(i, NOTHING_YET, T1));

    assertThat(recorded)
        .filteredOn(e -> e.endsWith(Reasons.FIELDS_IGNORED))
        .containsExactly("Warning " + Reasons.FIELDS_IGNORED);
  }

  @Test
  void anInstanceWithoutUnknownFieldsHasNoSuchCondition() {
    var status = StatusAggregator.aggregate(TestInstances.sample("local"), NOTHING_YET, T0);
    assertThat(Conditions.find(status.getConditions(), Conditions.UNKNOWN_FIELDS)).isEmpty();
  }
}
