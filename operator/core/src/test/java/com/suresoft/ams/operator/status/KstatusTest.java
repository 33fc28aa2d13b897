package com.suresoft.ams.operator.status;

import static com.suresoft.ams.operator.status.ReportedStates.T1;
import static com.suresoft.ams.operator.status.ReportedStates.aggregate;
import static com.suresoft.ams.operator.status.ReportedStates.app;
import static com.suresoft.ams.operator.status.ReportedStates.instance;
import static com.suresoft.ams.operator.status.ReportedStates.ready;
import static com.suresoft.ams.operator.status.ReportedStates.release;
import static com.suresoft.ams.operator.status.ReportedStates.seen;
import static com.suresoft.ams.operator.status.ReportedStates.stable;
import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every state the operator reports, judged by kstatus (cli-utils {@code pkg/kstatus}, which Flux's
 * {@code wait}, {@code kpt live status} and {@code kubectl}-style tools use): Current only when the
 * instance is Ready at its generation, Failed when waiting cannot help, InProgress otherwise. The
 * table ({@link ReportedStates}) covers every {@link Phase} and every {@link ReleasePhase}, so a
 * new value fails here until it is classified.
 */
public class KstatusTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  public enum Kstatus {
    InProgress,
    Failed,
    Current,
    Terminating
  }

  /**
   * kstatus's generic computation for a custom resource, as {@code status.Compute} does it for a
   * kind without built-in rules: Terminating when deleted; InProgress while {@code
   * status.observedGeneration} differs from {@code metadata.generation}; then the first of the
   * conditions, in their order, that is Reconciling=True (InProgress) or Stalled=True (Failed);
   * Current otherwise. It reads the instance as the API server serves it (JSON), not the POJO.
   */
  @SuppressWarnings("unchecked")
  public static Kstatus kstatus(AmsInstance instance) {
    Map<String, Object> obj = JSON.convertValue(instance, Map.class);
    var metadata = (Map<String, Object>) obj.getOrDefault("metadata", Map.of());
    if (metadata.get("deletionTimestamp") != null) {
      return Kstatus.Terminating;
    }
    var status = (Map<String, Object>) obj.getOrDefault("status", Map.of());
    Object generation = metadata.get("generation");
    Object observed = status.get("observedGeneration");
    if (generation != null
        && observed != null
        && ((Number) generation).longValue() != ((Number) observed).longValue()) {
      return Kstatus.InProgress;
    }
    var conditions = (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    for (var c : conditions) {
      if ("Reconciling".equals(c.get("type")) && "True".equals(c.get("status"))) {
        return Kstatus.InProgress;
      }
      if ("Stalled".equals(c.get("type")) && "True".equals(c.get("status"))) {
        return Kstatus.Failed;
      }
    }
    return Kstatus.Current;
  }

  @Test
  void everyStateIsJudgedByKstatusAsExpected() {
    for (var row : ReportedStates.TABLE) {
      var instance = ReportedStates.reach(row);
      var status = instance.getStatus();
      assertThat(status.getPhase()).as(row.state()).isEqualTo(row.phase());
      assertThat(status.getRelease().getPhase()).as(row.state()).isEqualTo(row.releasePhase());
      assertThat(kstatus(instance)).as(row.state()).isEqualTo(row.kstatus());
    }
  }

  @Test
  void theTableCoversEveryPhaseAndEveryReleasePhase() {
    var phases = EnumSet.noneOf(Phase.class);
    var releasePhases = EnumSet.noneOf(ReleasePhase.class);
    ReportedStates.TABLE.forEach(
        row -> {
          phases.add(row.phase());
          releasePhases.add(row.releasePhase());
        });
    assertThat(phases).as("instance phases in the table").containsExactlyInAnyOrder(Phase.values());
    assertThat(releasePhases)
        .as("release phases in the table")
        .containsExactlyInAnyOrder(ReleasePhase.values());
  }

  /**
   * What makes the conditions usable by anyone, kstatus or not: Current only while Ready is True;
   * Reconciling and Stalled never at once, each present only while True and with the generation it
   * was set for.
   */
  @Test
  void currentOnlyWhenReadyAndTheKstatusConditionsAreAbnormalTrue() {
    for (var row : ReportedStates.TABLE) {
      var instance = ReportedStates.reach(row);
      var conditions = instance.getStatus().getConditions();
      if (kstatus(instance) == Kstatus.Current) {
        assertThat(Conditions.isTrue(conditions, Conditions.READY)).as(row.state()).isTrue();
      }
      var reconciling = Conditions.find(conditions, Conditions.RECONCILING);
      var stalled = Conditions.find(conditions, Conditions.STALLED);
      assertThat(reconciling.isPresent() && stalled.isPresent()).as(row.state()).isFalse();
      for (var c : List.of(reconciling, stalled)) {
        c.ifPresent(
            condition -> {
              assertThat(condition.getStatus()).as(row.state()).isEqualTo("True");
              assertThat(condition.getObservedGeneration())
                  .as(row.state())
                  .isEqualTo(instance.getMetadata().getGeneration());
              assertThat(condition.getReason()).as(row.state()).isNotBlank();
              assertThat(condition.getMessage()).as(row.state()).isNotBlank();
            });
      }
    }
  }

  @Test
  void aSpecChangeNotYetObservedIsInProgressWhateverTheConditionsSay() {
    var instance = ready(instance());
    assertThat(kstatus(instance)).isEqualTo(Kstatus.Current);
    instance.getMetadata().setGeneration(instance.getMetadata().getGeneration() + 1);
    assertThat(kstatus(instance)).isEqualTo(Kstatus.InProgress);
    // The next pass reports on the new generation.
    instance.setStatus(StatusAggregator.aggregate(instance, seen(app(1), stable()), T1));
    assertThat(instance.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(kstatus(instance)).isEqualTo(Kstatus.Current);
  }

  @Test
  void aFailedReconciliationAfterASpecChangeLeavesTheOldGenerationObserved() {
    var instance = ready(instance());
    instance.getMetadata().setGeneration(2L);
    instance.setStatus(StatusAggregator.reconcileError(instance, "IllegalStateException", T1));
    assertThat(instance.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(kstatus(instance)).isEqualTo(Kstatus.InProgress);
  }

  @Test
  void theStallOfAnInvalidSpecEndsWithTheFix() {
    var invalid =
        aggregate(
            ready(instance()),
            new Observation(List.of(new FieldError("spec.x", "y")), false, Map.of()));
    var stalled = Conditions.find(invalid.getStatus().getConditions(), Conditions.STALLED);
    assertThat(stalled).isPresent();
    assertThat(stalled.get().getReason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(stalled.get().getMessage()).contains("spec.x: y");
    invalid.getMetadata().setGeneration(2L);
    var fixed = aggregate(invalid, seen(app(1), stable()));
    assertThat(Conditions.find(fixed.getStatus().getConditions(), Conditions.STALLED)).isEmpty();
    assertThat(kstatus(fixed)).isEqualTo(Kstatus.Current);
  }

  @Test
  void reconcilingCarriesTheReasonAndMessageOfWhatIsAwaited() {
    var releasing =
        aggregate(ready(instance()), seen(app(1), release("1.0.0", "1.1.0", ReleasePhase.Paused)));
    var reconciling =
        Conditions.find(releasing.getStatus().getConditions(), Conditions.RECONCILING)
            .orElseThrow();
    assertThat(reconciling.getReason()).isEqualTo(Reasons.RELEASING);
    assertThat(reconciling.getMessage()).isEqualTo("1.0.0 -> 1.1.0: state of 1.1.0");
    assertThat(reconciling.getLastTransitionTime()).isEqualTo(T1.toString());
  }
}
