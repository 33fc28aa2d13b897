package com.suresoft.ams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The index changes how fast the store answers, never what: the same writes into the stock
 * dispatcher and the indexed one give the same answers, byte for byte, to gets, lists (in every
 * scope, with label selectors, in the stock order), lookups and deletes.
 */
class IndexedCrudDispatcherTest {

  private final KubernetesCrudDispatcher stock = new KubernetesCrudDispatcher();
  private final IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();

  @BeforeEach
  void fill() {
    both(d -> put(d, "/api/v1/namespaces/a", namespace("a")));
    both(d -> put(d, "/api/v1/namespaces/b", namespace("b")));
    for (String ns : List.of("a", "b")) {
      for (String name : List.of("one", "two", "three")) {
        both(
            d ->
                put(
                    d,
                    "/api/v1/namespaces/" + ns + "/configmaps/" + name,
                    configMap(ns, name, Map.of("tier", name.equals("two") ? "data" : "app"))));
      }
      both(
          d ->
              put(d, "/apis/apps/v1/namespaces/" + ns + "/deployments/web", deployment(ns, "web")));
    }
    // Rewritten objects move to the end of the stock store's order.
    both(
        d ->
            put(
                d,
                "/api/v1/namespaces/a/configmaps/one",
                configMap("a", "one", Map.of("tier", "data"))));
  }

  @Test
  void getsAndListsAnswerAsTheStockStore() {
    for (String path :
        List.of(
            "/api/v1/configmaps",
            "/api/v1/namespaces/a/configmaps",
            "/api/v1/namespaces/b/configmaps",
            "/api/v1/configmaps?labelSelector=tier%3Ddata",
            "/api/v1/namespaces/a/configmaps?labelSelector=tier%3Dapp",
            "/api/v1/namespaces/a/configmaps/one",
            "/api/v1/namespaces/a/configmaps/missing",
            "/api/v1/namespaces/c/configmaps",
            "/apis/apps/v1/deployments",
            "/apis/apps/v1/namespaces/b/deployments/web",
            "/api/v1/secrets",
            "/api/v1/namespaces",
            "/api/v1/namespaces/b",
            "/apis/apps/v1")) {
      assertSame(stock.handleGet(path), indexed.handleGet(path), path);
    }
  }

  @Test
  void lookupsAndDeletesAnswerAsTheStockStore() {
    var key = stock.getKey("/api/v1/namespaces/b/configmaps/two");
    assertThat(indexed.findResource(key)).isEqualTo(stock.findResource(key));

    for (String path :
        List.of(
            "/api/v1/namespaces/b/configmaps/two",
            "/api/v1/namespaces/b/configmaps/two",
            "/apis/apps/v1/namespaces/a/deployments/web")) {
      assertSame(stock.handleDelete(path), indexed.handleDelete(path), "DELETE " + path);
    }
    // The same objects; the list's version is two higher, as each of the two deletions took a
    // revision of its own (as etcd gives one; the stock store does not).
    var stockList = body(stock.handleGet("/api/v1/configmaps"));
    var indexedList = body(indexed.handleGet("/api/v1/configmaps"));
    assertThat(withoutListVersion(indexedList)).isEqualTo(withoutListVersion(stockList));
    assertThat(listVersion(indexedList)).isEqualTo(listVersion(stockList) + 2);
    assertThat(indexed.handleGet("/api/v1/namespaces/b/configmaps/two").code()).isEqualTo(404);
  }

  @Test
  void anObjectWithAFinalizerIsMarkedNotRemovedAsByTheStockStore() {
    var held = configMap("a", "held", Map.of());
    held.getMetadata().setFinalizers(List.of("example.com/hold"));
    both(d -> put(d, "/api/v1/namespaces/a/configmaps/held", held));

    String path = "/api/v1/namespaces/a/configmaps/held";
    assertSame(stock.handleDelete(path), indexed.handleDelete(path), "DELETE " + path);
    MockResponse after = indexed.handleGet(path);
    assertThat(after.code()).isEqualTo(200);
    assertThat(new String(after.getBody().getBytes(), StandardCharsets.UTF_8))
        .contains("deletionTimestamp");
  }

  private void both(Consumer<KubernetesCrudDispatcher> write) {
    write.accept(stock);
    write.accept(indexed);
  }

  /** An insert or replace as ObjectStore does it: a new resourceVersion, then processEvent. */
  private static void put(KubernetesCrudDispatcher d, String path, HasMetadata object) {
    var current = d.findResource(d.getKey(path));
    object.getMetadata().setResourceVersion(String.valueOf(d.requestResourceVersion()));
    d.processEvent(
        path,
        d.getKey(path),
        current == null ? null : current.getKey(),
        null,
        Serialization.asJson(object));
  }

  private static final Pattern LIST_VERSION =
      Pattern.compile("\"metadata\": \\{\"resourceVersion\": \"([0-9]+)\"");

  private static long listVersion(String list) {
    var m = LIST_VERSION.matcher(list);
    assertThat(m.find()).as("a list's resourceVersion in " + list).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String withoutListVersion(String list) {
    return LIST_VERSION.matcher(list).replaceAll("");
  }

  private static void assertSame(MockResponse expected, MockResponse actual, String what) {
    assertThat(actual.code()).as(what).isEqualTo(expected.code());
    assertThat(body(actual)).as(what).isEqualTo(body(expected));
  }

  private static String body(MockResponse response) {
    return response.getBody() == null
        ? ""
        : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static HasMetadata namespace(String name) {
    return Fixtures.namespace(name);
  }

  private static HasMetadata configMap(String ns, String name, Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withData(Map.of("k", name))
        .build();
  }

  private static HasMetadata deployment(String ns, String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .build();
  }
}
