package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.controller.crds.CrdPresence;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.status.DataIssue;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A pass reads the caches once before it changes anything, and the data tier once more after the
 * workflow only when a workload was missing and the workflow ran.
 */
class ObserveTest {
  static final CrdPresence NO_CRDS =
      new CrdPresence() {
        @Override
        public ServedVersions served() {
          return ServedVersions.none();
        }

        @Override
        public Duration recheckInterval() {
          return Duration.ofSeconds(30);
        }
      };

  // Managed data tier: no Secret is read by name, so no client is needed.
  private final Observe observe =
      new Observe(NO_CRDS, new ReferencedSecrets(null, Clock.systemUTC(), Duration.ofMinutes(1)));
  private final ListCaches caches = new ListCaches();
  private final Validate validate = new Validate(new ValidatedSpecs(new SpecValidator()));

  @Test
  void anInvalidSpecIsObservedNoFurtherThanItsClaims() {
    var instance = ValidateTest.instance("");
    var verdict = new Verdict(List.of(new FieldError("spec.x", "bad")), null, false, false);
    var claims = List.of(ValidateTest.claim("data-ams-redis-0", "redis", "1Gi"));

    var seen = observe.snapshot(instance, verdict, claims, caches);

    assertThat(seen.claims()).isEqualTo(claims);
    assertThat(seen.data()).isNull();
    assertThat(caches.statefulSetReads).isZero();
  }

  @Test
  void theSnapshotHoldsOnlyTheInstancesOwnJobsAndTheDataTierAsCached() {
    var instance = ValidateTest.instance("");
    var verdict = validate.verdict(instance, List.of());
    caches.jobs.add(job("ams-migrate-1-0-0", "uid-1"));
    // A deleted instance of the same name left its Job: it must not count.
    caches.jobs.add(job("ams-migrate-0-9-0", "uid-of-an-earlier-ams"));

    var seen = observe.snapshot(instance, verdict, List.of(), caches);

    assertThat(seen.releaseJobs())
        .extracting(j -> j.getMetadata().getName())
        .containsExactly("ams-migrate-1-0-0");
    assertThat(seen.data().missesAWorkload()).isTrue();
    assertThat(seen.waitsForSecret()).isFalse();
    assertThat(seen.waitsForCnpgCrd()).isFalse();
    assertThat(caches.statefulSetReads).isOne();
    // The HTTPRoute CRD is not installed: its cache is not read.
    assertThat(caches.routeReads).isZero();
  }

  @Test
  void afterApplyLooksAtTheDataTierAgainOnlyWhenTheWorkflowRanAndAWorkloadWasMissing() {
    var instance = ValidateTest.instance("");
    var verdict = validate.verdict(instance, List.of());
    var seen = observe.snapshot(instance, verdict, List.of(), caches);
    var plan = PassPlan.reportOnly(ReleasePlanner.steady(verdict.model(), Slot.blue));
    // What the workflow creates.
    DataTier.workloads(verdict.model()).stream()
        .filter(w -> w.kind() == DataTier.WorkloadKind.STATEFUL_SET)
        .forEach(w -> caches.statefulSets.add(statefulSet(w.name(), "7.2")));

    var notRun = observe.afterApply(verdict, seen, plan, Applied.NOTHING, caches);
    assertThat(caches.statefulSetReads).as("no second look without the workflow").isOne();
    assertThat(notRun.components().get(Component.REDIS).version()).isNull();

    var ran =
        observe.afterApply(
            verdict,
            seen,
            plan,
            new Applied(
                Optional.empty(),
                List.of(),
                List.of(new DataIssue(Reasons.VOLUME_EXPANSION_FAILED, "volume stays")),
                true),
            caches);
    assertThat(caches.statefulSetReads).as("one look after the workflow").isEqualTo(2);
    assertThat(ran.components().get(Component.REDIS).version()).isEqualTo("7.2");
    // App components first (the serving slot), then the data tier's.
    assertThat(ran.components().keySet()).startsWith(Component.WEB);
    assertThat(ran.dataIssues()).extracting(DataIssue::message).containsExactly("volume stays");
  }

  @Test
  void theCanaryServicesLingerWhileAnEndedReleasesIngressOrRouteStillUsesThem() {
    InstanceModel model = validate.verdict(ValidateTest.instance(""), List.of()).model();
    var names = model.names();
    var services =
        List.of(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(names.canaryService(Component.API))
                .endMetadata()
                .withNewSpec()
                .addToSelector(Labels.SLOT, "green")
                .endSpec()
                .build());
    var ingress =
        new IngressBuilder()
            .withNewMetadata()
            .withName(names.canaryIngress())
            .endMetadata()
            .build();
    var route =
        new HTTPRouteBuilder()
            .withNewSpec()
            .addNewRule()
            .addNewBackendRef()
            .withName(names.canaryService(Component.WEB))
            .endBackendRef()
            .endRule()
            .endSpec()
            .build();

    assertThat(Observe.lingeringCanarySlot(names, List.of(ingress), services, List.of()))
        .contains(Slot.green);
    assertThat(Observe.lingeringCanarySlot(names, List.of(), services, List.of(route)))
        .contains(Slot.green);
    assertThat(Observe.lingeringCanarySlot(names, List.of(), services, List.of())).isEmpty();
  }

  private static Job job(String name, String ownerUid) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .addNewOwnerReference()
        .withUid(ownerUid)
        .withName("ams")
        .endOwnerReference()
        .endMetadata()
        .build();
  }

  private static StatefulSet statefulSet(String name, String tag) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("registry/" + name + ":" + tag)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
