package com.suresoft.ams.operator.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.release.AnalysisResult;
import com.suresoft.ams.operator.testing.RequiredProgram;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis against a real Prometheus (Debian's package): the test serves synthetic request
 * counters and latency histograms on loopback for three "candidates" (healthy, erroring, slow),
 * Prometheus scrapes them every second, and the check must pass the first and fail the others.
 */
class CanaryAnalysisPrometheusIT {
  private static final Duration WINDOW = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static HttpServer metrics;
  private static Process prometheus;
  private static PrometheusClient client;
  private static final long START = System.nanoTime();

  /** Per second: requests, 5xx, and cumulative counts in the buckets 0.1, 0.5, 2.5 and +Inf. */
  private record Traffic(int requests, int errors, int le01, int le05, int le25) {}

  private static final Traffic HEALTHY = new Traffic(100, 1, 98, 100, 100);
  private static final Traffic ERRORING = new Traffic(100, 30, 98, 100, 100);
  private static final Traffic SLOW = new Traffic(100, 1, 10, 20, 100);

  @BeforeAll
  static void startPrometheus() throws Exception {
    Path binary = RequiredProgram.require("prometheus");
    metrics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve("/healthy", HEALTHY);
    serve("/erroring", ERRORING);
    serve("/slow", SLOW);
    metrics.start();
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(metrics.getAddress().getPort()));
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    var base = URI.create("http://127.0.0.1:" + port);
    client = new PrometheusClient(base, Duration.ofSeconds(5));
    var http = HttpClient.newHttpClient();
    Awaitility.await("Prometheus ready")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    // rate() needs two samples of every series in the window.
    Awaitility.await("two scrapes of every target")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                Stream.of("healthy", "erroring", "slow")
                    .allMatch(
                        i -> {
                          try {
                            return client
                                .query(AnalysisQueries.p95Latency(scope(i), WINDOW))
                                .isPresent();
                          } catch (Exception e) {
                            return false;
                          }
                        }));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (metrics != null) {
      metrics.stop(0);
    }
    try (var files = Files.walk(dir.resolve("data"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // the temp dir is removed by JUnit anyway
    }
  }

  private static AnalysisSpec spec() {
    var a = new AnalysisSpec();
    a.setPrometheusUrl("http://unused");
    a.setIntervalSeconds(60);
    a.setFailureLimit(2);
    a.setMaxErrorRate(0.05);
    a.setMaxP95LatencySeconds(1.0);
    return a;
  }

  private static MetricScope scope(String instance) {
    return new MetricScope("ams", instance, "api", "green", "1.1.0");
  }

  @Test
  void healthyCandidatePasses() throws Exception {
    var result = new CanaryAnalysis(client).check(spec(), scope("healthy"), WINDOW);
    assertThat(result.passed()).as(result.message()).isTrue();
    assertThat(result.message()).startsWith("error rate 0.0");
  }

  @Test
  void highErrorRateFails() throws Exception {
    var result = new CanaryAnalysis(client).check(spec(), scope("erroring"), WINDOW);
    assertThat(result.passed()).isFalse();
    assertThat(result.message()).containsPattern("error rate 0\\.(29|30|31)\\d* > 0\\.0500");
  }

  @Test
  void highP95LatencyFails() throws Exception {
    var result = new CanaryAnalysis(client).check(spec(), scope("slow"), WINDOW);
    assertThat(result.passed()).isFalse();
    assertThat(result.message()).containsPattern("P95 (1|2)\\.\\d+ s > 1\\.000 s");
  }

  @Test
  void seriesOfAnotherSlotOrVersionDoNotCount() throws Exception {
    var blue = new MetricScope("ams", "healthy", "api", "blue", "1.1.0");
    var result = new CanaryAnalysis(client).check(spec(), blue, WINDOW);
    assertThat(result.passed()).isFalse();
    assertThat(result.message()).startsWith("no request metrics");
    var otherVersion = new MetricScope("ams", "healthy", "api", "green", "1.0.0");
    assertThat(new CanaryAnalysis(client).check(spec(), otherVersion, WINDOW).passed()).isFalse();
  }

  @Test
  void unreachablePrometheusIsAnErrorWithAGenericReasonNotAFailure() throws Exception {
    var nowhere =
        new PrometheusClient(URI.create("http://127.0.0.1:" + freePort()), Duration.ofSeconds(2));
    var result = new CanaryAnalysis(nowhere).check(spec(), scope("healthy"), WINDOW);
    assertThat(result.outcome()).isEqualTo(AnalysisResult.Outcome.ERROR);
    // Not "ConnectException: ...": what a port answered is not for the instance's status.
    assertThat(result.message()).isEqualTo("PrometheusUnreachable");
  }

  private static void serve(String path, Traffic t) {
    metrics.createContext(
        path,
        exchange -> {
          double s = (System.nanoTime() - START) / 1e9 + 1;
          String body =
              String.format(
                  Locale.ROOT,
                  """
                  # TYPE http_requests_total counter
                  http_requests_total{method="GET",path="/api/assets",status_code="200"} %.3f
                  http_requests_total{method="GET",path="/api/assets",status_code="500"} %.3f
                  # TYPE http_request_duration_seconds histogram
                  http_request_duration_seconds_bucket{method="GET",path="/api/assets",le="0.1"} %.3f
                  http_request_duration_seconds_bucket{method="GET",path="/api/assets",le="0.5"} %.3f
                  http_request_duration_seconds_bucket{method="GET",path="/api/assets",le="2.5"} %.3f
                  http_request_duration_seconds_bucket{method="GET",path="/api/assets",le="+Inf"} %.3f
                  http_request_duration_seconds_sum{method="GET",path="/api/assets"} %.3f
                  http_request_duration_seconds_count{method="GET",path="/api/assets"} %.3f
                  """,
                  (t.requests() - t.errors()) * s,
                  t.errors() * s,
                  t.le01() * s,
                  t.le05() * s,
                  t.le25() * s,
                  t.requests() * s,
                  0.1 * t.requests() * s,
                  t.requests() * s);
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
  }

  /** One scrape job per candidate, labelled as podTargetLabels would label the candidate's pods. */
  private static String config(int metricsPort) {
    var sb =
        new StringBuilder(
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n");
    for (String name : new String[] {"healthy", "erroring", "slow"}) {
      sb.append(
          String.format(
              Locale.ROOT,
              """
              - job_name: %1$s
                metrics_path: /%1$s
                static_configs:
                - targets: ["127.0.0.1:%2$d"]
                  labels: {namespace: ams, app_kubernetes_io_instance: %1$s, app_kubernetes_io_component: api, ams_suresoft_com_slot: green, app_kubernetes_io_version: "1.1.0"}
              """,
              name,
              metricsPort));
    }
    return sb.toString();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
