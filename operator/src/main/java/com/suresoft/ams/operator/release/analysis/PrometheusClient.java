package com.suresoft.ams.operator.release.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * A minimal client of the Prometheus HTTP API: one instant query ({@code GET /api/v1/query}) whose
 * result is a single number. Every call has a deadline, so a slow Prometheus delays a reconcile by
 * at most {@code timeout}.
 */
public final class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public PrometheusClient(URI base, Duration timeout) {
    this(
        base,
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        timeout);
  }

  public PrometheusClient(URI base, HttpClient http, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * The value of a query that yields one sample (a scalar, or a vector of one element); empty when
   * it yields nothing or NaN (e.g. no requests in the window).
   *
   * @throws IOException when Prometheus cannot be reached, answers with an error, or yields more
   *     than one series (the query is then not what the caller meant)
   */
  public OptionalDouble query(String promql) throws IOException, InterruptedException {
    URI uri =
        base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    var request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("Prometheus answered " + response.statusCode() + " without JSON", e);
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IOException(
          "Prometheus answered "
              + response.statusCode()
              + ": "
              + body.path("errorType").asText()
              + " "
              + body.path("error").asText());
    }
    JsonNode data = body.path("data");
    JsonNode value;
    switch (data.path("resultType").asText()) {
      case "scalar" -> value = data.path("result");
      case "vector" -> {
        JsonNode result = data.path("result");
        if (result.isEmpty()) {
          return OptionalDouble.empty();
        }
        if (result.size() > 1) {
          throw new IOException("expected one series, got " + result.size() + " for " + promql);
        }
        value = result.get(0).path("value");
      }
      default -> throw new IOException("unexpected result type " + data.path("resultType"));
    }
    double v = Double.parseDouble(value.get(1).asText());
    return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
