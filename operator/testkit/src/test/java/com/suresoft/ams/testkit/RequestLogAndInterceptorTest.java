package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLogAndInterceptorTest {

  private EmbeddedApiServer server;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyRequestIsLoggedWithItsActor() {
    long mark = server.requestLog().mark();
    KubernetesClient operator = server.client("ams-operator");

    operator
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.configMap("c", Map.of()))
        .create();
    operator.configMaps().inNamespace(NAMESPACE).withName("c").get();
    server.client().configMaps().inNamespace(NAMESPACE).list();

    assertThat(server.requestLog().since(mark))
        .satisfiesExactly(
            create -> {
              assertThat(create.method()).isEqualTo("POST");
              assertThat(create.path()).isEqualTo("/api/v1/namespaces/default/configmaps");
              assertThat(create.contentType()).startsWith("application/json");
              assertThat(create.actor()).isEqualTo("ams-operator");
              assertThat(create.timestamp()).isNotNull();
              assertThat(create.isWrite()).isTrue();
            },
            get -> {
              assertThat(get.method()).isEqualTo("GET");
              assertThat(get.path()).isEqualTo("/api/v1/namespaces/default/configmaps/c");
              assertThat(get.isWrite()).isFalse();
            },
            list -> assertThat(list.actor()).startsWith("fabric8-kubernetes-client/"));
  }

  @Test
  void theLogKeepsTheStatusOfEachAnswer() {
    KubernetesClient operator = server.client("ams-operator");
    var configMap = operator.configMaps().inNamespace(NAMESPACE);
    long mark = server.requestLog().mark();
    configMap.resource(Fixtures.configMap("c", Map.of())).fieldManager("m").serverSideApply();
    configMap.resource(Fixtures.configMap("c", Map.of())).fieldManager("m").serverSideApply();
    configMap.withName("missing").get();
    RequestInterceptor failing = r -> Interception.respond(403, "{}");
    server.addInterceptor(failing);
    assertThatThrownBy(() -> configMap.withName("c").get())
        .isInstanceOf(KubernetesClientException.class);
    server.removeInterceptor(failing);

    // A server-side apply that created its object answers 201, as a real server does.
    assertThat(server.requestLog().since(mark))
        .extracting(ApiRequest::status)
        .containsExactly(201, 200, 404, 403);
  }

  @Test
  void writesSinceCountsOnlyWritesAfterTheMarkAndCanFilterByActor() {
    KubernetesClient operator = server.client("ams-operator");
    KubernetesClient simulator = server.client("controller-simulator");
    operator
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.configMap("before", Map.of()))
        .create();

    long mark = server.requestLog().mark();
    operator.configMaps().inNamespace(NAMESPACE).withName("before").get();
    simulator
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.configMap("sim", Map.of()))
        .create();
    operator.configMaps().inNamespace(NAMESPACE).withName("before").delete();

    assertThat(server.requestLog().writesSince(mark))
        .extracting(ApiRequest::method)
        .containsExactly("POST", "DELETE");
    assertThat(server.requestLog().writesSince(mark, "ams-operator"::equals))
        .singleElement()
        .satisfies(r -> assertThat(r.method()).isEqualTo("DELETE"));
  }

  @Test
  void clearingForgetsRequestsButKeepsMarksMeaningful() {
    KubernetesClient client = server.client("ams-operator");
    client.configMaps().inNamespace(NAMESPACE).resource(Fixtures.configMap("c", Map.of())).create();
    long mark = server.requestLog().mark();

    server.requestLog().clear();
    client.configMaps().inNamespace(NAMESPACE).withName("c").delete();

    assertThat(server.requestLog().requests()).hasSize(1);
    assertThat(server.requestLog().writesSince(mark)).hasSize(1);
  }

  @Test
  void aCountSinceAMarkIsRefusedOnceRequestsAfterItWereEvicted() {
    KubernetesClient client = server.client("ams-operator");
    server.requestLog().capacity(3);
    long evicted = server.requestLog().mark();
    for (int i = 0; i < 3; i++) {
      client.configMaps().inNamespace(NAMESPACE).withName("c" + i).get();
    }
    long kept = server.requestLog().mark();
    client.configMaps().inNamespace(NAMESPACE).withName("last").get();

    assertThat(server.requestLog().since(kept)).hasSize(1);
    assertThatThrownBy(() -> server.requestLog().writesSince(evicted))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("evicted");
  }

  @Test
  void anInterceptorCanAnswerInsteadOfTheServer() throws Exception {
    RequestInterceptor unavailable =
        request ->
            request.path().endsWith("/configmaps")
                ? Interception.respondWithStatus(503, "ServiceUnavailable", "injected")
                    .withHeader("Retry-After", "2")
                : Interception.proceed();
    server.addInterceptor(unavailable);

    HttpResponse<String> response = rawGet("/api/v1/namespaces/default/configmaps");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("2");
    assertThat(response.body()).contains("\"reason\":\"ServiceUnavailable\"");
    assertThat(server.requestLog().requests())
        .last()
        .satisfies(r -> assertThat(r.method()).isEqualTo("GET"));

    server.removeInterceptor(unavailable);
    assertThat(rawGet("/api/v1/namespaces/default/configmaps").statusCode()).isEqualTo(200);
  }

  @Test
  void anInterceptedWriteDoesNotReachTheStore() {
    AtomicInteger conflicts = new AtomicInteger();
    server.addInterceptor(
        request -> {
          if (request.isWrite() && conflicts.getAndIncrement() == 0) {
            return Interception.respondWithStatus(409, "Conflict", "injected conflict");
          }
          return Interception.proceed();
        });
    KubernetesClient client = server.client();

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(NAMESPACE)
                    .resource(Fixtures.configMap("c", Map.of()))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("c").get()).isNull();
  }

  @Test
  void anInterceptorCanDelayTheResponse() throws Exception {
    server.addInterceptor(request -> Interception.delayThenProceed(Duration.ofMillis(400)));

    long started = System.nanoTime();
    HttpResponse<String> response = rawGet("/api/v1/namespaces/default/configmaps");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  private HttpResponse<String> rawGet(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
