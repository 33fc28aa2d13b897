package com.suresoft.ams.operator.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.release.AnalysisResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus client against servers that are not Prometheus: what the tenant who wrote the URL
 * can learn from the status is a fixed reason, and the operator's thread is never held past the
 * deadline.
 */
class PrometheusClientTest {
  private static final String SECRET = "root:x:0:0 ami-id=i-0abc token=s3cr3t";
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private HttpServer server;
  private HttpServer other;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (other != null) {
      other.stop(0);
    }
  }

  private static HttpServer serve(HttpHandlerBody handler) throws IOException {
    var s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/", handler::handle);
    s.start();
    return s;
  }

  @FunctionalInterface
  private interface HttpHandlerBody {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static void respond(HttpExchange e, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    e.sendResponseHeaders(status, b.length);
    e.getResponseBody().write(b);
    e.close();
  }

  private static URI uri(HttpServer s) {
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
  }

  private static AnalysisResult check(URI base) throws InterruptedException {
    var spec = new AnalysisSpec();
    spec.setIntervalSeconds(60);
    spec.setMaxErrorRate(0.05);
    spec.setMaxP95LatencySeconds(1.0);
    return new CanaryAnalysis(new PrometheusClient(base, TIMEOUT))
        .check(spec, new MetricScope("ams", "ams", "api", "green", "1.1.0"));
  }

  @Test
  void anErrorBodyNeverReachesTheResult() throws Exception {
    server = serve(e -> respond(e, 503, SECRET));
    var result = check(uri(server));
    assertThat(result.outcome()).isEqualTo(AnalysisResult.Outcome.ERROR);
    assertThat(result.message()).isEqualTo("PrometheusHTTPError 503");
  }

  @Test
  void aPrometheusErrorAnswerIsAGenericQueryFailure() throws Exception {
    server =
        serve(
            e ->
                respond(
                    e,
                    200,
                    "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\""
                        + SECRET
                        + "\"}"));
    assertThat(check(uri(server)).message()).isEqualTo("QueryFailed");
    server.stop(0);
    server = serve(e -> respond(e, 200, SECRET));
    assertThat(check(uri(server)).message()).isEqualTo("QueryFailed");
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    var hits = new AtomicInteger();
    other =
        serve(
            e -> {
              hits.incrementAndGet();
              respond(e, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\"}}");
            });
    server =
        serve(
            e -> {
              e.getResponseHeaders().add("Location", uri(other) + "/api/v1/query");
              respond(e, 302, "");
            });
    assertThat(check(uri(server)).message()).isEqualTo("PrometheusHTTPError 302");
    assertThat(hits).as("the redirect target was never asked").hasValue(0);
  }

  @Test
  void aServerThatNeverAnswersCostsTheDeadlineOnly() throws Exception {
    // Warm up the JDK's HTTP client first: its first use loads classes for seconds on a busy
    // machine, which says nothing about the deadline.
    server = serve(e -> respond(e, 503, ""));
    check(uri(server));
    try (var hole = new UnresponsiveServer()) {
      long start = System.nanoTime();
      var result = check(URI.create(hole.url()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(hole.connections()).isEqualTo(1);
      assertThat(result.message()).isEqualTo("PrometheusUnreachable");
      // Never answered: without the deadline this would not return at all. The margin is for a
      // loaded machine.
      assertThat(took).isLessThan(TIMEOUT.plusSeconds(5));
    }
  }

  @Test
  void aBodyTrickledSlowerThanTheDeadlineIsCutOff() throws Exception {
    server =
        serve(
            e -> {
              e.sendResponseHeaders(200, 0);
              try {
                for (int i = 0; i < 100; i++) { // 20 s in all
                  e.getResponseBody().write(' ');
                  e.getResponseBody().flush();
                  Thread.sleep(200);
                }
              } catch (InterruptedException | IOException ignored) {
                // the client went away
              }
              e.close();
            });
    long start = System.nanoTime();
    assertThatThrownBy(() -> new PrometheusClient(uri(server), TIMEOUT).query("up"))
        .isInstanceOfSatisfying(
            PrometheusError.class, e -> assertThat(e.reason()).isEqualTo("PrometheusUnreachable"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(5));
  }

  @Test
  void anOversizedBodyIsRefused() throws Exception {
    server = serve(e -> respond(e, 200, " ".repeat(PrometheusClient.MAX_BODY + 1)));
    assertThatThrownBy(() -> new PrometheusClient(uri(server), TIMEOUT).query("up"))
        .isInstanceOfSatisfying(
            PrometheusError.class, e -> assertThat(e.reason()).isEqualTo("QueryFailed"));
  }

  @Test
  void aRealAnswerStillWorks() throws Exception {
    server =
        serve(
            e ->
                respond(
                    e,
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                        + "[{\"metric\":{},\"value\":[1,\"0.01\"]}]}}"));
    var result = check(uri(server));
    assertThat(result.passed()).as(result.message()).isTrue();
  }
}
