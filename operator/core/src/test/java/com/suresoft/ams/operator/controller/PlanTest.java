package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.security.JwtRotation;
import com.suresoft.ams.operator.release.ObservedSlots;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a pass decides from its snapshot, by kind of pass. */
class PlanTest {
  private final BackgroundChecks checks = new BackgroundChecks(null, 1);
  private final Plan plan =
      new Plan(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), checks);
  private final Validate validate = new Validate(new ValidatedSpecs(new SpecValidator()));

  @AfterEach
  void close() {
    checks.close();
  }

  @Test
  void anInvalidSpecPlansNothing() {
    var verdict = new Verdict(List.of(new FieldError("spec.x", "bad")), null, false, false);

    assertThat(plan.decide(ValidateTest.instance(""), verdict, snapshot(List.of(), null)))
        .isSameAs(PassPlan.NONE);
  }

  @Test
  void aPausedInstanceIsPlannedOnlyToReportItsComponents() {
    var instance = rotating(ValidateTest.instance("paused: true\n"));
    var verdict = validate.verdict(instance, List.of());

    var planned = plan.decide(instance, verdict, snapshot(List.of(), null));

    assertThat(planned.release().appTier()).isNotNull();
    assertThat(planned.routed()).isNull();
    assertThat(planned.integrations()).isEmpty();
    assertThat(planned.rotation()).isEmpty();
    assertThat(planned.growth()).isEmpty();
  }

  @Test
  void anAppliedPassPlansTheReleaseTheDataTierTheIntegrationsAndTheRotation() {
    var instance = rotating(ValidateTest.instance("redis:\n  storage:\n    size: 2Gi\n"));
    var verdict = validate.verdict(instance, List.of());
    var claims = List.of(ValidateTest.claim("data-ams-redis-0", "redis", "1Gi"));

    var planned = plan.decide(instance, verdict, snapshot(claims, null));

    assertThat(planned.release().status().getStableVersion()).isNull();
    assertThat(planned.routed().appTier()).isEqualTo(planned.release().appTier());
    assertThat(planned.data()).isNotNull();
    assertThat(planned.integrations()).isNotEmpty();
    assertThat(planned.rotation()).contains("t1");
    assertThat(planned.rotate()).isTrue();
    assertThat(planned.growth())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.claim()).isEqualTo("data-ams-redis-0");
              assertThat(r.to()).isEqualTo("2Gi");
            });
  }

  @Test
  void externalSecretsRecordARotationTokenWithoutRotating() {
    var instance =
        rotating(
            ValidateTest.instance(
                "secrets: {provider: ExternalSecrets,"
                    + " externalSecrets: {secretStoreRef: {name: vault}}}\n"));
    var verdict = validate.verdict(instance, List.of());

    var planned = plan.decide(instance, verdict, snapshot(List.of(), null));

    assertThat(planned.rotation()).contains("t1");
    assertThat(planned.rotate()).isFalse();
  }

  @Test
  void theCanaryServicesStayWhileAnEndedReleasesRouteStillUsesThem() {
    var instance = ValidateTest.instance("");
    var verdict = validate.verdict(instance, List.of());

    var planned = plan.decide(instance, verdict, snapshot(List.of(), Slot.green));

    assertThat(planned.release().routing().lingeringCanarySlot()).isNull();
    assertThat(planned.routed().routing().lingeringCanarySlot()).isEqualTo(Slot.green);
  }

  private static AmsInstance rotating(AmsInstance instance) {
    instance.getMetadata().setAnnotations(Map.of(JwtRotation.ANNOTATION, "t1"));
    return instance;
  }

  private static Snapshot snapshot(List<PersistentVolumeClaim> claims, Slot lingering) {
    return new Snapshot(
        claims,
        ServedVersions.none(),
        false,
        false,
        Map.of(),
        false,
        List.of(),
        null,
        List.of(),
        List.of(),
        ObservedSlots.NONE,
        Optional.ofNullable(lingering));
  }
}
