package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.testkit.ApiRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceStagesTest {
  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
  private final List<ApiRequest> log = new ArrayList<>();

  private void at(double seconds, String actor, String method, String path) {
    log.add(
        new ApiRequest(
            log.size(),
            T0.plusMillis((long) (seconds * 1000)),
            method,
            path,
            "",
            null,
            actor,
            200));
  }

  private static final String NS = "/apis/ams.suresoft.com/v1alpha1/namespaces/a/amsinstances";
  private static final String STS = "/apis/apps/v1/namespaces/a/statefulsets/ams-postgres";
  private static final String JOBS = "/apis/batch/v1/namespaces/a/jobs";
  private static final String WEB = "/apis/apps/v1/namespaces/a/deployments/ams-web-blue";

  @Test
  void splitsAnInstancesTimeIntoTheOperatorsGapsAndTheSimulators() {
    at(0.0, "kubectl", "POST", NS);
    at(0.5, "ams-operator", "PATCH", STS);
    at(2.0, "controller-simulator", "PUT", STS + "/status");
    at(3.0, "controller-simulator", "PUT", STS + "/status");
    // The bucket Job is applied by name and is not the migration.
    at(1.0, "ams-operator", "PATCH", JOBS + "/ams-minio-buckets-1");
    at(3.4, "ams-operator", "POST", JOBS);
    // PgBouncer and the bucket Job are the data tier too: it is ready with the last of them.
    at(3.1, "controller-simulator", "PUT", JOBS + "/ams-minio-buckets-1/status");
    at(
        3.2,
        "controller-simulator",
        "PUT",
        "/apis/apps/v1/namespaces/a/deployments/ams-pgbouncer/status");
    at(4.0, "controller-simulator", "PUT", JOBS + "/ams-migrate-1-0-0/status");
    at(4.6, "ams-operator", "PATCH", WEB);
    at(6.0, "controller-simulator", "PUT", WEB + "/status");
    at(6.5, "ams-operator", "PATCH", NS + "/ams/status");
    // After the last status: not the app tier's readiness.
    at(9.0, "controller-simulator", "PUT", WEB + "/status");

    var moments = InstanceStages.of(log).get("a");
    assertThat(moments.complete()).isTrue();
    var summary = InstanceStages.summary(InstanceStages.of(log));
    assertThat(summary.values().stream().map(p -> p[0]))
        .containsExactly(0.5, 2.7, 0.2, 0.6, 0.6, 1.4, 0.5, 6.5);
  }

  @Test
  void anInstanceWithoutEveryStageIsLeftOutOfTheSummary() {
    at(0.0, "kubectl", "POST", NS);
    at(0.5, "ams-operator", "PATCH", STS);

    assertThat(InstanceStages.of(log).get("a").complete()).isFalse();
    assertThat(InstanceStages.summary(InstanceStages.of(log)).get("created -> last status")[0])
        .isNaN();
  }
}
