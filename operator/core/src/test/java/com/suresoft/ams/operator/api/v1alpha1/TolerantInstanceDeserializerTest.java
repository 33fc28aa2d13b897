package com.suresoft.ams.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * An instance from a newer CRD or a GitOps repo ahead of the operator is read through a client's
 * ordinary serialization, as the informer reads it: what this version does not know is set aside
 * and named, never a failed read.
 */
class TolerantInstanceDeserializerTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static final String HEAD =
      """
      apiVersion: ams.suresoft.com/v1alpha1
      kind: AmsInstance
      metadata:
        name: ams
        namespace: team-a
      """;

  @Test
  void unknownFieldsAreSkippedAndNamedByTheirPaths() {
    var instance =
        JSON.unmarshal(
            HEAD
                + """
                someTopLevelField: 1
                spec:
                  tier: Production
                  version: "1.2.0"
                  release:
                    someNewField: {nested: {deeper: true}}
                    strategy: Canary
                    canary:
                      steps:
                      - setWeight: 10
                      - pause: {}
                        stepNote: "a list item's field"
                  api:
                    replicas: 2
                    anotherNewField: [1, 2]
                status:
                  phase: Ready
                  writtenByANewerOperator: x
                """,
            AmsInstance.class);

    assertThat(instance.unknownFields())
        .containsExactly(
            "someTopLevelField",
            "spec.release.someNewField",
            "spec.release.canary.steps[1].stepNote",
            "spec.api.anotherNewField",
            "status.writtenByANewerOperator");
    assertThat(instance.unreadable()).isEmpty();
    // What it knows is read as usual, also after an unknown object or list was skipped.
    assertThat(instance.getSpec().getVersion()).isEqualTo("1.2.0");
    assertThat(instance.getSpec().getRelease().getStrategy().name()).isEqualTo("Canary");
    assertThat(instance.getSpec().getRelease().getCanary().getSteps()).hasSize(2);
    assertThat(instance.getSpec().getApi().getReplicas()).isEqualTo(2);
    assertThat(instance.getStatus().getPhase().name()).isEqualTo("Ready");
    assertThat(instance.getMetadata().getName()).isEqualTo("ams");
  }

  @Test
  void aKnownInstanceHasNoFindingsAndTheFindingsAreNeverWritten() {
    var instance =
        JSON.unmarshal(HEAD + "spec:\n  tier: Local\n  version: \"1.0.0\"\n", AmsInstance.class);
    assertThat(instance.unknownFields()).isEmpty();
    assertThat(instance.unreadable()).isEmpty();

    var withUnknown =
        JSON.unmarshal(HEAD + "spec:\n  tier: Local\n  newField: 1\n", AmsInstance.class);
    assertThat(withUnknown.unknownFields()).containsExactly("spec.newField");
    assertThat(JSON.asJson(withUnknown)).doesNotContain("newField").doesNotContain("unknown");
  }

  @Test
  void eachInstanceOfAListHasItsOwnFindingsAndOneBadItemFailsNoOther() {
    String list =
        """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "ams.suresoft.com/v1alpha1", "kind": "AmsInstance",
           "metadata": {"name": "a"}, "spec": {"tier": "Local", "someNewField": 1}},
          {"apiVersion": "ams.suresoft.com/v1alpha1", "kind": "AmsInstance",
           "metadata": {"name": "b"}, "spec": {"api": "text"}},
          {"apiVersion": "ams.suresoft.com/v1alpha1", "kind": "AmsInstance",
           "metadata": {"name": "c"}, "spec": {"tier": "Local"}}
        ]}
        """;
    KubernetesResourceList<AmsInstance> read =
        JSON.unmarshal(
            new java.io.ByteArrayInputStream(
                list.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new TypeReference<DefaultKubernetesResourceList<AmsInstance>>() {});

    var items = read.getItems();
    assertThat(items).extracting(i -> i.getMetadata().getName()).containsExactly("a", "b", "c");
    assertThat(items.get(0).unknownFields()).containsExactly("spec.someNewField");
    assertThat(items.get(1).unreadable()).isPresent();
    assertThat(items.get(2).unknownFields()).isEmpty();
    assertThat(items.get(2).unreadable()).isEmpty();
  }

  @Test
  void aValueOfTheWrongTypeMakesTheInstanceUnreadableWithoutEchoingTheValue() {
    var instance =
        JSON.unmarshal(
            HEAD
                + """
                spec:
                  tier: Production
                  api: "s3cr3t-looking-text"
                status:
                  phase: Ready
                """,
            AmsInstance.class);

    assertThat(instance.getMetadata().getName()).isEqualTo("ams");
    assertThat(instance.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(instance.getSpec()).isNull();
    // The operator's record stays, so that a status written for the instance does not lose it.
    assertThat(instance.getStatus().getPhase().name()).isEqualTo("Ready");
    var unreadable = instance.unreadable().orElseThrow();
    assertThat(unreadable.field()).isEqualTo("spec.api");
    assertThat(unreadable.statusLost()).isFalse();
    assertThat(unreadable.message())
        .contains("a string is stored here")
        .doesNotContain("s3cr3t")
        .doesNotContain("com.suresoft");
  }

  @Test
  void aStatusThatCannotBeReadIsMarkedLost() {
    var instance =
        JSON.unmarshal(
            HEAD + "spec:\n  api: 1\nstatus:\n  conditions: \"not a list\"\n", AmsInstance.class);
    assertThat(instance.getStatus()).isNull();
    assertThat(instance.unreadable().orElseThrow().statusLost()).isTrue();

    var statusOnly =
        JSON.unmarshal(
            HEAD + "spec:\n  tier: Local\nstatus:\n  phase: NotAPhase\n", AmsInstance.class);
    assertThat(statusOnly.unreadable().orElseThrow().field()).isEqualTo("status.phase");
    assertThat(statusOnly.unreadable().orElseThrow().statusLost()).isTrue();
  }

  @Test
  void anUnknownEnumValueIsUnreadableAtItsField() {
    var instance =
        JSON.unmarshal(HEAD + "spec:\n  release:\n    strategy: Linear\n", AmsInstance.class);
    assertThat(instance.unreadable().orElseThrow().field()).isEqualTo("spec.release.strategy");
  }

  @Test
  void otherTypesStayStrict() {
    // Leniency belongs to the AmsInstance read alone: the same mapper still refuses an unknown
    // property anywhere else, where it would be a bug to drop it silently.
    assertThatThrownBy(
            () -> JSON.unmarshal("{\"tier\": \"Local\", \"x\": 1}", AmsInstanceSpec.class))
        .hasStackTraceContaining("Unrecognized field \"x\"");
    assertThat(
            JSON.unmarshal(
                    "{\"apiVersion\": \"v1\", \"kind\": \"Thing\", \"metadata\": {\"name\": \"t\"}}",
                    GenericKubernetesResource.class)
                .getMetadata()
                .getName())
        .isEqualTo("t");
  }

  @Test
  void aCopyCarriesTheFindings() {
    var instance = JSON.unmarshal(HEAD + "spec:\n  newField: 1\n", AmsInstance.class);
    var copy = JSON.convertValue(instance, AmsInstance.class);
    assertThat(copy.unknownFields()).isEmpty();

    var kept = TolerantInstanceDeserializer.copy(instance);

    assertThat(kept.unknownFields()).containsExactly("spec.newField");
    assertThat(JSON.asJson(kept)).isEqualTo(JSON.asJson(instance));
    kept.getSpec().setVersion("9.9.9");
    assertThat(instance.getSpec().getVersion()).isNull();
  }
}
