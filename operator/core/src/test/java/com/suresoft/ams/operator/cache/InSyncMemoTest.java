package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaFluent;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** When a set counts as unchanged since it last matched its desired state, and when not. */
class InSyncMemoTest {
  private static final ResourceID INSTANCE = new ResourceID("ams", "ams");
  private static final String SET = "app-deployments";

  /** A set's input record; equal records are the same inputs. */
  private record Inputs(String uid, long generation) {}

  private static final Inputs INPUTS = new Inputs("uid-1", 3L);

  private final InSyncMemo memo = new InSyncMemo();

  private static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("ams-api-blue")
        .withGeneration(2L)
        .withResourceVersion("10")
        .addToLabels("app.kubernetes.io/version", "1.0.0")
        .addToAnnotations("a", "1")
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(1)
        .endStatus()
        .build();
  }

  private boolean inSyncAfter(HasMetadata before, UnaryOperator<HasMetadata> change) {
    memo.inSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(before)));
    return memo.isInSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(change.apply(before))));
  }

  @Test
  void aStatusWriteByAnotherControllerLeavesADeploymentInSync() {
    assertThat(
            inSyncAfter(
                deployment(),
                d ->
                    new DeploymentBuilder((Deployment) d)
                        .editMetadata()
                        .withResourceVersion("11")
                        .endMetadata()
                        .editStatus()
                        .withReadyReplicas(2)
                        .endStatus()
                        .build()))
        .isTrue();
  }

  /** The memo still matches after {@code edit} of the deployment's metadata. */
  private boolean inSyncAfterMetadataEdit(Consumer<ObjectMetaFluent<?>> edit) {
    return inSyncAfter(
        deployment(),
        d -> {
          var metadata = new DeploymentBuilder((Deployment) d).editMetadata();
          edit.accept(metadata);
          return metadata.endMetadata().build();
        });
  }

  @Test
  void aSpecChangeRaisesTheGenerationAndIsSeen() {
    assertThat(inSyncAfterMetadataEdit(m -> m.withGeneration(3L).withResourceVersion("11")))
        .isFalse();
  }

  @Test
  void labelAnnotationAndOwnerEditsAreSeenThoughTheGenerationStays() {
    assertThat(inSyncAfterMetadataEdit(m -> m.addToLabels("app.kubernetes.io/version", "edited")))
        .isFalse();
    assertThat(inSyncAfterMetadataEdit(m -> m.removeFromAnnotations("a"))).isFalse();
    assertThat(
            inSyncAfterMetadataEdit(
                m -> m.addNewOwnerReference().withUid("someone-else").endOwnerReference()))
        .isFalse();
  }

  @Test
  void anyNewResourceVersionOfAKindNoControllerWritesIsSeen() {
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("ams-api-service")
            .withResourceVersion("5")
            .endMetadata()
            .build();
    assertThat(
            inSyncAfter(
                service,
                s ->
                    new ServiceBuilder((io.fabric8.kubernetes.api.model.Service) s)
                        .editMetadata()
                        .withResourceVersion("6")
                        .endMetadata()
                        .build()))
        .isFalse();
  }

  /**
   * A key made after a write holds the server's answers' parts; of a kind keyed by its
   * resourceVersion it holds none of the object's maps and lists, which the version covers.
   */
  @Test
  void aKeyByResourceVersionHoldsNoneOfTheObjectsMapsOrLists() {
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("ams-api-service")
            .withResourceVersion("5")
            .withLabels(Map.of("app", "ams"))
            .withAnnotations(Map.of("a", "b"))
            .addNewOwnerReference()
            .withUid("uid-1")
            .endOwnerReference()
            .endMetadata()
            .build();

    var version = memo.keyOf(new Inputs("uid-1", 1), List.of(service)).actual().get(0);

    assertThat(version.resourceVersion()).isEqualTo("5");
    assertThat(version.labels()).isNull();
    assertThat(version.annotations()).isNull();
    assertThat(version.owners()).isNull();
  }

  /**
   * The key recorded after a write is made of the server's answers; the next match, made of what
   * the cache holds, takes its place, so the answers are not kept alive by the memo.
   */
  @Test
  void aMatchKeepsTheKeyJustMadeInPlaceOfTheOneRecorded() {
    var answer = deployment();
    var cached = deployment();
    memo.inSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(answer)));

    var now = memo.keyOf(INPUTS, List.of(cached));

    assertThat(memo.isInSync(INSTANCE, SET, now)).isTrue();
    assertThat(memo.held(INSTANCE, SET)).isSameAs(now);
    assertThat(memo.held(INSTANCE, SET).actual().get(0).labels())
        .isSameAs(cached.getMetadata().getLabels())
        .isNotSameAs(answer.getMetadata().getLabels());
  }

  @Test
  void otherInputsAnAddedOrDeletedObjectOrAForgottenMatchAreSeen() {
    var d = deployment();
    memo.inSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(d)));
    assertThat(memo.isInSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(d)))).isTrue();
    assertThat(memo.isInSync(INSTANCE, SET, memo.keyOf(new Inputs("uid-1", 4L), List.of(d))))
        .isFalse();
    assertThat(memo.isInSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of()))).isFalse();
    var other =
        new DeploymentBuilder(d).editMetadata().withName("ams-web-blue").endMetadata().build();
    assertThat(memo.isInSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(d, other)))).isFalse();
    assertThat(memo.isInSync(new ResourceID("ams", "other"), SET, memo.keyOf(INPUTS, List.of(d))))
        .isFalse();
    assertThat(memo.isInSync(INSTANCE, "app-services", memo.keyOf(INPUTS, List.of(d))))
        .as("another set of the same instance")
        .isFalse();
    memo.outOfStep(INSTANCE, SET);
    assertThat(memo.isInSync(INSTANCE, SET, memo.keyOf(INPUTS, List.of(d)))).isFalse();
  }

  @Test
  void entriesOfDeletedInstancesArePrunedOnceTheMemoGrows() {
    var caches =
        new InstanceCaches(new ValidatedSpecs(new SpecValidator()), new StatusThrottle(), null);
    var memo = caches.sets();
    var key = memo.keyOf(INPUTS, List.of(deployment()));
    for (int i = 0; i < 100; i++) {
      memo.inSync(new ResourceID("ams-" + i, "ns"), SET, key);
    }
    var alive = Set.of(new ResourceID("ams-7", "ns"));
    caches.retain(InstanceCachesTest.instance("ams-7", "uid-7"), alive::contains);
    assertThat(memo.isInSync(new ResourceID("ams-7", "ns"), SET, key)).isTrue();
    assertThat(memo.isInSync(new ResourceID("ams-8", "ns"), SET, key)).isFalse();
  }
}
