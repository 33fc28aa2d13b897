package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.validation.BadInputCorpus;
import com.suresoft.ams.operator.validation.FieldError;
import com.suresoft.ams.operator.validation.OfflineValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * Each case of the bad-input corpus applied to a running instance leaves every child as it was. The
 * test double validates nothing, like a cluster whose CRD is older than the operator, so the
 * operator's own validation is what stops them; cases a cluster refuses at the schema (an unknown
 * enum value or field) never reach the operator there and are checked to be such.
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
    AmsInstance bad = JSON.convertValue(c.document(), AmsInstance.class);
    if (bad.unreadable().isPresent()) {
      // Not even an AmsInstance (an unknown enum value): the API server's schema refuses it.
      assertThat(OfflineValidator.forAmsInstance().validate(c.document()))
          .extracting(FieldError::field)
          .contains(c.field());
      return;
    }
    if (!c.document().path("metadata").path("name").asText().equals("ams")) {
      // A different instance name is a different object, not a change to the running one.
      assertThat(new com.suresoft.ams.operator.validation.SpecValidator().validate(bad))
          .extracting(FieldError::field)
          .contains(c.field());
      return;
    }
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
    if (JSON.asJson(stored.getSpec()).equals(JSON.asJson(goodSpec))) {
      // The bad part did not survive the typed client (an unknown field, which the typed copy does
      // not carry; an empty list): the
      // operator saw the good spec again, as the API server's schema would have seen to.
      assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    } else {
      assertThat(status.getPhase()).isEqualTo(Phase.Failed);
      var ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
      assertThat(ready.getReason()).isEqualTo("InvalidSpec");
      assertThat(ready.getMessage()).contains(c.field());
    }
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
}
