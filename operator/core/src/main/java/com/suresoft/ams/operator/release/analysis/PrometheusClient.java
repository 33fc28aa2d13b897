package com.suresoft.ams.operator.release.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal client of the Prometheus HTTP API: one instant query ({@code GET /api/v1/query}) whose
 * result is a single number.
 *
 * <p>The URL comes from a tenant's spec, so the client treats the other end as untrusted: every
 * call has one deadline for the whole exchange, body included (a server that sends headers and then
 * trickles bytes cannot hold it longer); the body is read up to {@link #MAX_BODY} bytes; redirects
 * are never followed (the platform allowed this URL, not wherever it points to); and every failure
 * is a {@link PrometheusError} with a fixed reason, never the server's text.
 */
public final class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A query answer is a few hundred bytes; anything near this is not Prometheus. */
  static final int MAX_BODY = 1 << 20;

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public PrometheusClient(URI base, Duration timeout) {
    this(base, httpClient(timeout), timeout);
  }

  public PrometheusClient(URI base, HttpClient http, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.http = http;
    this.timeout = timeout;
  }

  /** A client that connects within {@code connectTimeout} and never follows redirects. */
  public static HttpClient httpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The value of a query that yields one sample (a scalar, or a vector of one element); empty when
   * it yields nothing or NaN (e.g. no requests in the window).
   *
   * @throws PrometheusError when Prometheus cannot be reached in time, answers with an error (a
   *     redirect included), or yields anything but one number
   */
  public OptionalDouble query(String promql) throws PrometheusError, InterruptedException {
    URI uri =
        base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    var request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<byte[]> response = send(request);
    if (response.statusCode() != 200) {
      throw PrometheusError.httpError(response.statusCode());
    }
    try {
      return value(JSON.readTree(response.body()));
    } catch (IOException | RuntimeException e) {
      throw PrometheusError.queryFailed();
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request)
      throws PrometheusError, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> new CappedBody(MAX_BODY));
    try {
      return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw PrometheusError.unreachable();
    } catch (ExecutionException e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof BodyTooLarge) {
          throw PrometheusError.queryFailed();
        }
      }
      throw PrometheusError.unreachable();
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    }
  }

  private static OptionalDouble value(JsonNode body) throws PrometheusError {
    if (!"success".equals(body.path("status").asText())) {
      throw PrometheusError.queryFailed();
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
          // The query is then not what the caller meant.
          throw PrometheusError.queryFailed();
        }
        value = result.get(0).path("value");
      }
      default -> throw PrometheusError.queryFailed();
    }
    double v = Double.parseDouble(value.get(1).asText());
    return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  private static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("body too large");
    }
  }

  /** Collects the body up to {@code limit} bytes and gives up (cancelling the stream) beyond. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        if (bytes.size() + b.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new BodyTooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
