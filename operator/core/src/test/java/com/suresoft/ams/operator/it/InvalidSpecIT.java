package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.AutoscalingSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An invalid spec applied to a running instance (the mock API server, like a cluster with an old
 * CRD, does not validate) changes nothing but the status and an Event.
 */
class InvalidSpecIT {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** resourceVersion of every child, by kind/name. */
  private Map<String, String> children() {
    var u = harness.user();
    return Stream.of(
            u.apps().deployments().inNamespace("ams").list().getItems(),
            u.services().inNamespace("ams").list().getItems(),
            u.secrets().inNamespace("ams").list().getItems(),
            u.network().v1().ingresses().inNamespace("ams").list().getItems(),
            u.autoscaling().v2().horizontalPodAutoscalers().inNamespace("ams").list().getItems())
        .flatMap(List::stream)
        .map(HasMetadata.class::cast)
        .collect(
            Collectors.toMap(
                o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
  }

  @Test
  void invalidSpecOnARunningInstanceChangesOnlyTheConditionAndRecordsAWarning() {
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
    var before = children();

    long mark = harness.mark();
    harness.edit(
        "ams",
        i -> {
          // Both would change children if applied: a new version and a smaller HPA.
          i.getSpec().setVersion("2.0.0");
          var a = new AutoscalingSpec();
          a.setMaxReplicas(2);
          i.getSpec().getApi().setAutoscaling(a);
          return i;
        });
    var failed = harness.awaitPhase("ams", Phase.Failed);
    var ready = Conditions.find(failed.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.api.autoscaling.maxReplicas");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(harness.user().v1().events().inNamespace("ams").list().getItems())
                    .filteredOn(e -> "InvalidSpec".equals(e.getReason()))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains("spec.api.autoscaling.maxReplicas");
                        }));
    harness.awaitReconciles(3);
    assertThat(children()).isEqualTo(before);
    // The operator wrote the status and the Event, nothing else.
    assertThat(harness.operatorWritesSince(mark))
        .allSatisfy(r -> assertThat(r.path()).matches(".*(/amsinstances/ams/status|/events)$"));
  }

  @Test
  void fixingTheSpecResumes() {
    harness.create(TestInstances.sample("development"));
    harness.awaitPhase("ams", Phase.Ready);
    // A request above its limit: the CRD's schema lets it through, the operator does not.
    harness.edit(
        "ams",
        i -> {
          i.getSpec().setWeb(new ComponentSpec());
          i.getSpec()
              .getWeb()
              .setResources(
                  new ResourceRequirementsBuilder()
                      .addToRequests("cpu", new Quantity("2"))
                      .addToLimits("cpu", new Quantity("1"))
                      .build());
          return i;
        });
    harness.awaitPhase("ams", Phase.Failed);
    harness.edit(
        "ams",
        i -> {
          i.getSpec().getWeb().setResources(null);
          i.getSpec().getWeb().setReplicas(2);
          return i;
        });
    var ready = harness.awaitPhase("ams", Phase.Ready);
    assertThat(ready.getStatus().getComponents().get("web").getReady()).isEqualTo("2/2");
    List<Event> events = harness.user().v1().events().inNamespace("ams").list().getItems();
    assertThat(events)
        .extracting(Event::getReason)
        .containsSubsequence("Ready", "InvalidSpec", "Ready");
  }
}
