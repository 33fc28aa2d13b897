package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch from a resourceVersion gets what changed after it, as from an API server; the stock mock
 * sent every stored object again, so every informer read everything twice when it started (its
 * store, not its handlers: fabric8 drops an event of a version it holds, after reading it).
 */
class WatchFromVersionTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client("kubectl");
    for (String name : List.of("a", "b", "c")) {
      client
          .configMaps()
          .inNamespace(NAMESPACE)
          .resource(Fixtures.configMap(name, Map.of()))
          .create();
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aWatchFromTheListsVersionGetsOnlyLaterChanges() {
    String listed =
        client.configMaps().inNamespace(NAMESPACE).list().getMetadata().getResourceVersion();
    var events = new CopyOnWriteArrayList<String>();
    try (var watch =
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .watch(
                new ListOptionsBuilder().withResourceVersion(listed).build(), recorder(events))) {
      client
          .configMaps()
          .inNamespace(NAMESPACE)
          .resource(Fixtures.configMap("d", Map.of()))
          .create();
      client.configMaps().inNamespace(NAMESPACE).withName("a").edit(c -> withData(c, "k", "v"));

      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
      // Give a replay of a, b and c the time to arrive, were there one.
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      assertThat(events).containsExactly("ADDED d", "MODIFIED a");
    }
  }

  @Test
  void aWatchWithoutAVersionStillGetsTheCurrentState() {
    var events = new CopyOnWriteArrayList<String>();
    try (var watch = client.configMaps().inNamespace(NAMESPACE).watch(recorder(events))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
      assertThat(events).containsExactlyInAnyOrder("ADDED a", "ADDED b", "ADDED c");
    }
  }

  @Test
  void theVersionAWatchStartsFromIsItsQuerysResourceVersion() {
    assertThat(OpenWatches.sinceVersion("watch=true&resourceVersion=42&allowWatchBookmarks=true"))
        .isEqualTo(42);
    assertThat(OpenWatches.sinceVersion("watch=true")).isZero();
    assertThat(OpenWatches.sinceVersion("resourceVersion=")).isZero();
  }

  private static ConfigMap withData(ConfigMap c, String key, String value) {
    c.setData(Map.of(key, value));
    return c;
  }

  private static Watcher<ConfigMap> recorder(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
