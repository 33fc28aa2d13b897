package com.suresoft.ams.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the instance {@code ams} (uid u-1) may write, and what it must leave alone. */
class OwnershipTest {
  private static final String UID = "u-1";
  private static final Map<String, String> OURS =
      Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.INSTANCE, "ams");

  private static ObjectMeta meta(Map<String, String> labels, String ownerUid) {
    var b = new ObjectMetaBuilder().withName("ams-api-service").withLabels(labels);
    if (ownerUid != null) {
      b.withOwnerReferences(
          new OwnerReferenceBuilder()
              .withApiVersion("ams.suresoft.com/v1alpha1")
              .withKind("AmsInstance")
              .withName("ams")
              .withUid(ownerUid)
              .build());
    }
    return b.build();
  }

  @Test
  void ownLabelsAndAnOwnerReferenceToThisInstanceAreOurs() {
    assertThat(Ownership.ours(meta(OURS, UID), "ams", UID, true)).isTrue();
  }

  @Test
  void ownLabelsWithoutTheOwnerReferenceAreNotOursWhereTheOperatorSetsOne() {
    assertThat(Ownership.ours(meta(OURS, null), "ams", UID, true)).isFalse();
    // An earlier instance of the same name: its children are the garbage collector's.
    assertThat(Ownership.ours(meta(OURS, "u-0"), "ams", UID, true)).isFalse();
  }

  @Test
  void kindsWithoutOwnerReferenceAreDecidedByTheLabels() {
    assertThat(Ownership.ours(meta(OURS, null), "ams", UID, false)).isTrue();
    var otherInstance = Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.INSTANCE, "ams2");
    assertThat(Ownership.ours(meta(otherInstance, null), "ams", UID, false)).isFalse();
  }

  @Test
  void someoneElsesLabelsAreNotOursEvenWithOurOwnerReference() {
    assertThat(Ownership.ours(meta(Map.of("app", "billing"), UID), "ams", UID, true)).isFalse();
    var otherManager = Map.of(Labels.MANAGED_BY, "helm", Labels.INSTANCE, "ams");
    assertThat(Ownership.ours(meta(otherManager, UID), "ams", UID, true)).isFalse();
  }

  @Test
  void theAdoptAnnotationHandsAnObjectToTheInstanceItNames() {
    var handed = meta(Map.of("app", "billing"), null);
    handed.setAnnotations(Map.of(Ownership.ADOPT, "ams"));
    assertThat(Ownership.adoptedBy(handed, "ams")).isTrue();
    assertThat(Ownership.writable(handed, "ams", UID, true)).isTrue();
    assertThat(Ownership.adoptedBy(handed, "ams2")).isFalse();
    assertThat(Ownership.writable(handed, "ams2", "u-2", true)).isFalse();
    assertThat(Ownership.adoptedBy(meta(Map.of(), null), "ams")).isFalse();
  }
}
