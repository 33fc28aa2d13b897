package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Breaking watch connections, and reading every stored object, for the chaos tests. */
class DroppedWatchTest {

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
  void aDroppedWatchIsClosedAndTheInformerWatchesAgainWithoutLosingState() {
    KubernetesClient operator = server.client("ams-operator");
    KubernetesClient user = server.client("kubectl");
    try (SharedIndexInformer<ConfigMap> informer = operator.configMaps().inAnyNamespace().inform();
        SharedIndexInformer<ConfigMap> bystander = user.configMaps().inAnyNamespace().inform()) {
      await().until(() -> server.openWatches(r -> r.resource().equals("/configmaps")) == 2);
      long mark = server.requestLog().mark();

      int dropped =
          server.dropWatches(
              r -> r.actor().equals("ams-operator") && r.resource().equals("/configmaps"));

      assertThat(dropped).isEqualTo(1);
      // The dropped client watches again; the other watch was never touched.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  server.requestLog().since(mark).stream()
                      .anyMatch(r -> r.isWatch() && r.actor().equals("ams-operator")));
      assertThat(server.requestLog().since(mark))
          .noneMatch(r -> r.isWatch() && r.actor().equals("kubectl"));
      user.configMaps()
          .inNamespace(NAMESPACE)
          .resource(Fixtures.configMap("after-drop", Map.of()))
          .create();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> informer.getStore().getByKey(NAMESPACE + "/after-drop") != null);
    }
  }

  @Test
  void storedObjectsListsEveryKindAndNamespace() {
    KubernetesClient user = server.client("kubectl");
    user.configMaps()
        .inNamespace(NAMESPACE)
        .resource(Fixtures.configMap("c", Map.of("a", "1")))
        .create();
    user.apps().deployments().inNamespace("other").resource(Fixtures.deployment("d", 1)).create();

    assertThat(server.storedObjects())
        .extracting(
            o ->
                o.get("kind").asText()
                    + " "
                    + o.path("metadata").path("namespace").asText()
                    + "/"
                    + o.path("metadata").path("name").asText())
        .contains("ConfigMap default/c", "Deployment other/d", "Namespace /kube-system");
  }
}
