package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.release.analysis.CandidateCheck;
import com.suresoft.ams.operator.release.analysis.UnresponsiveServer;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary whose {@code prometheusUrl} points at an address that accepts connections and never
 * answers (the operator's real Prometheus check, with a deadline far longer than the test): with a
 * single reconcile thread, every other instance is still reconciled while the check hangs, and when
 * the address finally answers with an error page, only a generic reason reaches the status and the
 * Events.
 */
class SlowPrometheusIT {
  private static final String INTERNALS = "Internal Server Error at 10.0.0.7: token=s3cr3t";

  private UnresponsiveServer prometheus;
  private ReleaseDriver d;

  @BeforeEach
  void start() {
    prometheus = new UnresponsiveServer();
    d =
        new ReleaseDriver(
            s ->
                s.reconcileThreads(1)
                    .candidateCheck(
                        CandidateCheck.prometheus(Duration.ofSeconds(2), Duration.ofSeconds(120)))
                    .platform(TestPlatforms.allowing(List.of(), List.of(prometheus.url()))));
  }

  @AfterEach
  void stop() {
    d.close();
    prometheus.close();
  }

  @Test
  void aPrometheusThatNeverAnswersHoldsNoReconcileThreadAndItsErrorPageStaysOut() {
    String name = "slow";
    d.install(
        name,
        ProductionReleaseIT.canary("Istio")
            + "  analysis: {prometheusUrl: \""
            + prometheus.url()
            + "\", intervalSeconds: 5, consecutiveErrorLimit: 10}\n");
    d.setVersion(name, "1.1.0");
    d.awaitRelease(name, "10% routed", r -> Objects.equals(r.getCanaryWeight(), 10));
    d.clock.advance(Duration.ofSeconds(6));
    await("the check is under way")
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.connections() == 1);

    // The only reconcile thread is free: another instance is built and goes Ready.
    var other = TestInstances.sample("development");
    other.getMetadata().setName("other");
    d.harness.create(other);
    d.harness.awaitPhase("other", Phase.Ready);
    var waiting = d.release(name);
    assertThat(prometheus.connections()).as("the check was hanging all along").isEqualTo(1);
    assertThat(waiting.getLastAnalysis()).isNull();
    assertThat(waiting.getPhase()).isEqualTo(ReleasePhase.Progressing);
    assertThat(waiting.getMessage()).contains("waiting for a passing metric check");

    prometheus.answer(500, INTERNALS);
    var counted =
        d.awaitRelease(name, "the error counted", r -> Objects.equals(r.getAnalysisErrors(), 1));
    assertThat(counted.getLastAnalysis()).isEqualTo("PrometheusHTTPError 500");
    assertThat(counted.getPhase()).isEqualTo(ReleasePhase.Progressing);
    List<Event> events =
        d.harness.user().v1().events().inNamespace(ReleaseDriver.NS).list().getItems();
    assertThat(events)
        .filteredOn(e -> "AnalysisError".equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("PrometheusHTTPError 500"));
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t", "10.0.0.7"));
    assertThat(d.harness.instance(name).toString()).doesNotContain("s3cr3t");
  }
}
