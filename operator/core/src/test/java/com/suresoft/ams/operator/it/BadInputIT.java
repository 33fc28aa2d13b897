package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.validation.BadInputCorpus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case of the bad-input corpus applied to a running instance leaves every child as it was, and
 * is stopped where a cluster stops it (its {@code # stopped-by:} line): the test double admits
 * AmsInstances with the CRD's schema and CEL rules as an API server does, so those cases are
 * refused with 422 naming the field and never reach the operator; the rest reach the operator,
 * whose own validation fails the instance with InvalidSpec; unknown fields are dropped.
 */
@TestMethodOrder(MethodOrderer.DisplayName.class)
class BadInputIT {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static OperatorHarness harness;
  private static AmsInstanceSpec goodSpec;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
    harness.create(TestInstances.sample("production"));
    goodSpec = harness.awaitPhase("ams", Phase.Ready).getSpec();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static List<BadInputCorpus> cases() {
    return BadInputCorpus.all();
  }

  /** resourceVersion of every child of the instance, by kind/name. */
  private static Map<String, String> children() {
    var u = harness.user();
    var ns = OperatorHarness.NAMESPACE;
    var all =
        Stream.of(
                u.apps().deployments().inNamespace(ns).list().getItems(),
                u.apps().statefulSets().inNamespace(ns).list().getItems(),
                u.services().inNamespace(ns).list().getItems(),
                u.secrets().inNamespace(ns).list().getItems(),
                u.configMaps().inNamespace(ns).list().getItems(),
                u.network().v1().ingresses().inNamespace(ns).list().getItems(),
                u.network().v1().networkPolicies().inNamespace(ns).list().getItems(),
                u.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems(),
                u.batch().v1().cronjobs().inNamespace(ns).list().getItems(),
                u.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems())
            .flatMap(List::stream)
            .map(HasMetadata.class::cast)
            .toList();
    var result = new TreeMap<String, String>();
    all.forEach(
        o ->
            result.put(
                o.getKind() + "/" + o.getMetadata().getName(),
                o.getMetadata().getResourceVersion()));
    return result;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadSpecOnARunningInstanceChangesNoChild(BadInputCorpus c) {
    if (!c.document().path("metadata").path("name").asText().equals("ams")) {
      // A different instance name is a different object, not a change to the running one.
      assertThat(c.stoppedBy()).isEqualTo(BadInputCorpus.StoppedBy.OPERATOR);
      var bad = JSON.convertValue(c.document(), AmsInstance.class);
      assertThat(new com.suresoft.ams.operator.validation.SpecValidator().validate(bad))
          .extracting(FieldError::field)
          .contains(c.field());
      return;
    }
    if (c.stoppedBy() == BadInputCorpus.StoppedBy.API_SERVER) {
      isRefusedAtAdmission(c);
      return;
    }
    if (c.stoppedBy() == BadInputCorpus.StoppedBy.DROPPED) {
      isDroppedAtAdmission(c);
      return;
    }
    AmsInstance bad = JSON.convertValue(c.document(), AmsInstance.class);
    var before = children();
    long generation =
        harness
            .edit(
                "ams",
                i -> {
                  i.setSpec(bad.getSpec());
                  return i;
                })
            .getMetadata()
            .getGeneration();
    harness.awaitStatus(
        "ams", s -> s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
    var stored = harness.instance("ams");
    var status = stored.getStatus();
    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    var ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains(c.field());
    harness.awaitReconciles(2);
    assertThat(children()).isEqualTo(before);

    harness.edit(
        "ams",
        i -> {
          i.setSpec(goodSpec);
          return i;
        });
    harness.awaitPhase("ams", Phase.Ready);
  }

  /**
   * The document's spec, written onto the running instance as is (not through the typed model,
   * which cannot even hold an unknown enum value), is refused with 422 naming the field; the
   * instance and its children stay as they were.
   */
  private static void isRefusedAtAdmission(BadInputCorpus c) {
    var before = children();
    assertThatThrownBy(() -> writeRawSpec(c))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getDetails().getCauses())
                  .extracting(StatusCause::getField)
                  .contains(c.field());
            });
    assertThat(JSON.asJson(harness.instance("ams").getSpec())).isEqualTo(JSON.asJson(goodSpec));
    assertThat(children()).isEqualTo(before);
  }

  /**
   * An unknown field, written as is, is accepted and dropped (the server prunes what the CRD's
   * schema does not declare): the operator sees the good spec again and changes nothing.
   */
  private static void isDroppedAtAdmission(BadInputCorpus c) {
    var before = children();
    var written = writeRawSpec(c);

    assertThat(written.getAdditionalProperties().get("spec").toString())
        .doesNotContain(c.field().substring(c.field().lastIndexOf('.') + 1));
    var stored = harness.instance("ams");
    assertThat(JSON.asJson(stored.getSpec())).isEqualTo(JSON.asJson(goodSpec));
    harness.awaitReconciles(2);
    assertThat(harness.instance("ams").getStatus().getPhase()).isEqualTo(Phase.Ready);
    assertThat(children()).isEqualTo(before);
  }

  /** The case's spec on the running instance, as JSON (the typed model cannot hold all of them). */
  private static GenericKubernetesResource writeRawSpec(BadInputCorpus c) {
    var instances =
        harness
            .user()
            .genericKubernetesResources(
                AmsInstance.GROUP + "/" + AmsInstance.VERSION, "AmsInstance")
            .inNamespace(OperatorHarness.NAMESPACE);
    return OperatorHarness.retryOnConflict(
        () -> {
          var live = instances.withName("ams").get();
          live.setAdditionalProperty(
              "spec", JSON.convertValue(c.document().get("spec"), Map.class));
          return instances.resource(live).update();
        });
  }
}
