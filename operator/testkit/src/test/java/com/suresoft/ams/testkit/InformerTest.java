package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JOSDK runs an informer on every resource it manages; they must work through our dispatcher. */
class InformerTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * As etcd gives a deletion a revision of its own: a watcher of several kinds places a deletion
   * among the other kinds' events by it (RoutingRecorder).
   */
  @Test
  void aDeletionsEventCarriesTheRevisionOfTheDeletion() {
    List<String> versions = new CopyOnWriteArrayList<>();
    try (SharedIndexInformer<ConfigMap> informer =
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap c) {}

                  @Override
                  public void onUpdate(ConfigMap before, ConfigMap after) {}

                  @Override
                  public void onDelete(ConfigMap c, boolean finalStateUnknown) {
                    versions.add(c.getMetadata().getResourceVersion());
                  }
                })) {
      var configMaps = client.configMaps().inNamespace(NAMESPACE);
      var created = configMaps.resource(Fixtures.configMap("d", Map.of("a", "1"))).create();
      var other = configMaps.resource(Fixtures.configMap("e", Map.of("a", "1"))).create();
      configMaps.withName("d").delete();
      await().until(() -> !versions.isEmpty());

      long deletion = Long.parseLong(versions.get(0));
      assertThat(deletion)
          .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()))
          .isGreaterThan(Long.parseLong(other.getMetadata().getResourceVersion()));
      assertThat(informer.getStore().list())
          .extracting(c -> c.getMetadata().getName())
          .containsExactly("e");
    }
  }

  @Test
  void anInformerSeesApplyPatchAndDeleteAsOneEventEach() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (SharedIndexInformer<ConfigMap> informer =
        client.configMaps().inAnyNamespace().inform(recording(events))) {
      var configMaps = client.configMaps().inNamespace(NAMESPACE);

      configMaps
          .resource(Fixtures.configMap("c", Map.of("a", "1")))
          .fieldManager("m")
          .serverSideApply();
      await().until(() -> events.contains("add c a=1"));
      configMaps
          .resource(Fixtures.configMap("c", Map.of("a", "1")))
          .fieldManager("m")
          .serverSideApply();
      configMaps
          .resource(Fixtures.configMap("c", Map.of("a", "2")))
          .fieldManager("m")
          .serverSideApply();
      await().until(() -> events.contains("update c a=2"));
      configMaps.withName("c").delete();
      await().until(() -> events.contains("delete c a=2"));

      assertThat(events).containsExactly("add c a=1", "update c a=2", "delete c a=2");
      assertThat(informer.getStore().list()).isEmpty();
    }
  }

  private static ResourceEventHandler<ConfigMap> recording(List<String> events) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        events.add("add " + describe(obj));
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
        if (!oldObj
            .getMetadata()
            .getResourceVersion()
            .equals(newObj.getMetadata().getResourceVersion())) {
          events.add("update " + describe(newObj));
        }
      }

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        events.add("delete " + describe(obj));
      }
    };
  }

  private static String describe(ConfigMap configMap) {
    return configMap.getMetadata().getName() + " a=" + configMap.getData().get("a");
  }
}
