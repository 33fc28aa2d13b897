package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.validation.CurrentVolumes;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A spec is validated and resolved once per generation and set of volumes, and the builders that
 * share the resolved model do not change it.
 */
class ValidatedSpecsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final CurrentVolumes NONE = CurrentVolumes.none();

  private final ValidatedSpecs specs = new ValidatedSpecs(new SpecValidator());

  @Test
  void theVerdictIsKeptWhileTheSpecsGenerationAndTheVolumesAreUnchanged() {
    var instance = fromServer(TestInstances.sample("production"), 1L);
    var first = specs.of(instance, NONE);
    assertThat(first.errors()).isEmpty();
    assertThat(specs.of(copy(instance), NONE)).isSameAs(first);

    var changed = copy(instance);
    changed.getSpec().getWeb().setReplicas(-1);
    changed.getMetadata().setGeneration(2L);
    assertThat(specs.of(changed, NONE).errors())
        .anySatisfy(e -> assertThat(e.field()).isEqualTo("spec.web.replicas"));

    var volumes =
        new CurrentVolumes(
            List.of(new CurrentVolumes.Claim(Component.POSTGRES, "data-ams-postgres-0", "1Ti")));
    assertThat(specs.of(instance, volumes).errors())
        .anySatisfy(e -> assertThat(e.field()).isEqualTo("spec.database.storage.size"));
  }

  @Test
  void theResolvedModelStaysTheSameObjectWhenOnlyTheVolumesChange() {
    // The sets' memo keys compare the model by identity (InSyncMemo): a claim that appears while
    // the data tier starts must not make every set build and compare again.
    var instance = fromServer(TestInstances.sample("production"), 1L);
    var first = specs.of(instance, NONE).model();
    var volumes =
        new CurrentVolumes(
            List.of(new CurrentVolumes.Claim(Component.POSTGRES, "data-ams-postgres-0", "20Gi")));
    var withClaim = specs.of(copy(instance), volumes);
    assertThat(withClaim.errors()).isEmpty();
    assertThat(withClaim.model()).isSameAs(first);

    var changed = copy(instance);
    changed.getSpec().getWeb().setReplicas(5);
    changed.getMetadata().setGeneration(2L);
    assertThat(specs.of(changed, volumes).model()).isNotSameAs(first);
  }

  @Test
  void theResolvedSpecsOfTwoInstancesHoldTheirEqualPartsOnce() {
    var a = fromServer(TestInstances.sample("production"), 1L);
    var b = copy(a);
    b.getMetadata().setNamespace("team-b");
    b.getMetadata().setUid("uid-2");
    b.getSpec().getIngress().setHost("team-b.example.com");

    var specA = specs.of(a, NONE).model().spec();
    var specB = specs.of(b, NONE).model().spec();
    assertThat(specB).isNotSameAs(specA);
    assertThat(specB.getIngress().getHost()).isEqualTo("team-b.example.com");
    assertThat(specB.getDatabase()).isSameAs(specA.getDatabase());
    assertThat(specB.getApi()).isSameAs(specA.getApi());
  }

  @Test
  void anInstanceNotFromAnApiServerIsNeverRemembered() {
    var instance = TestInstances.sample("production");
    assertThat(specs.of(instance, NONE)).isNotSameAs(specs.of(instance, NONE));
  }

  @Test
  void buildingEveryObjectLeavesTheSharedModelAsItWas() {
    for (String tier : TestInstances.TIERS) {
      var model = InstanceModel.of(TestInstances.sample(tier));
      String before = JSON.asJson(model.spec());
      var steady = ReleasePlanner.steady(model, Slot.blue);
      Stack.objects(model, steady, Map.of(), k -> "x" + k);
      for (var router : TrafficRouter.values()) {
        var canary = new RoutingIntent(null, Slot.green, Slot.blue, Slot.green, 20, true, router);
        var plan =
            new ReleasePlan(
                steady.status(),
                steady.appTier(),
                canary,
                steady.jobs(),
                steady.requeueAfter(),
                steady.events());
        Stack.objects(model, plan, Map.of(), k -> "x" + k);
      }
      DataTier.statefulSets(model, new DataTierInputs(Map.of(Component.POSTGRES, "1Gi")));
      assertThat(JSON.asJson(model.spec())).as(tier).isEqualTo(before);
    }
  }

  private static AmsInstance fromServer(AmsInstance instance, long generation) {
    instance.getMetadata().setUid("uid-1");
    instance.getMetadata().setGeneration(generation);
    return instance;
  }

  private static AmsInstance copy(AmsInstance instance) {
    return JSON.clone(instance);
  }
}
