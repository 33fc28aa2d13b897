package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

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

  private ConfigMap apply(String manager, ConfigMap configMap) {
    return client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(configMap)
        .fieldManager(manager)
        .forceConflicts()
        .serverSideApply();
  }

  private ConfigMap get(String name) {
    return client.configMaps().inNamespace(NAMESPACE).withName(name).get();
  }

  @Test
  void applyCreatesTheObjectIgnoringTheResourceVersionJosdkSendsOnCreate() {
    ConfigMap desired = Fixtures.configMap("settings", Map.of("a", "1"));
    desired.getMetadata().setLabels(Map.of("app", "ams"));
    desired.getMetadata().setResourceVersion("1");

    ConfigMap created = apply("ams-operator", desired);

    assertThat(created.getData()).containsExactlyEntriesOf(Map.of("a", "1"));
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.getManager()).isEqualTo("ams-operator");
              assertThat(entry.getOperation()).isEqualTo("Apply");
              assertThat(entry.getApiVersion()).isEqualTo("v1");
              assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
              assertThat(entry.getTime()).isNotBlank();
              assertThat(entry.getSubresource()).isNull();
              assertThat(entry.getFieldsV1().getAdditionalProperties())
                  .isEqualTo(
                      Map.of(
                          "f:data", Map.of("f:a", Map.of()),
                          "f:metadata", Map.of("f:labels", Map.of("f:app", Map.of()))));
            });
    assertThat(get("settings").getData()).containsEntry("a", "1");
  }

  @Test
  void applyWithAStaleResourceVersionIsAConflict() {
    apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));
    ConfigMap stale = Fixtures.configMap("settings", Map.of("a", "2"));
    stale.getMetadata().setResourceVersion("1");

    assertThatThrownBy(() -> apply("ams-operator", stale))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
            });
    assertThat(get("settings").getData()).containsEntry("a", "1");
  }

  @Test
  void applyingTheSameObjectAgainChangesNothingAndSendsNoWatchEvent() {
    ConfigMap first = apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));
    AtomicInteger events = new AtomicInteger();
    try (Watch watch =
        client.configMaps().inNamespace(NAMESPACE).withName("settings").watch(counting(events))) {
      await().until(() -> events.get() >= 1); // the stock mock replays the current object
      events.set(0);

      ConfigMap second = apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));

      assertThat(second.getMetadata().getResourceVersion())
          .isEqualTo(first.getMetadata().getResourceVersion());
      assertThat(second.getMetadata().getManagedFields())
          .isEqualTo(first.getMetadata().getManagedFields());
      assertThat(second).isEqualTo(get("settings"));
      await().during(Duration.ofMillis(300)).until(() -> events.get() == 0);
    }
  }

  @Test
  void aFieldLeftOutOfTheNextApplyIsRemovedWhileAnotherManagersFieldSurvives() {
    apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1", "b", "2")));
    apply("someone-else", Fixtures.configMap("settings", Map.of("c", "3")));

    ConfigMap after = apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));

    assertThat(after.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "c", "3"));
    assertThat(fieldsOf(after, "ams-operator", "Apply"))
        .isEqualTo(Map.of("f:data", Map.of("f:a", Map.of())));
    assertThat(fieldsOf(after, "someone-else", "Apply"))
        .isEqualTo(Map.of("f:data", Map.of("f:c", Map.of())));
  }

  @Test
  void aFieldSharedWithAnotherManagerSurvivesWhenOneManagerDropsIt() {
    apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));
    apply("someone-else", Fixtures.configMap("settings", Map.of("a", "1")));

    ConfigMap after = apply("ams-operator", Fixtures.configMap("settings", Map.of("b", "2")));

    assertThat(after.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
  }

  @Test
  void aFieldTakenOverByAMergePatchIsNoLongerRemovedByTheFormerOwnersApply() {
    apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1", "b", "2")));
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .withName("settings")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("kubectl")
                .build(),
            "{\"data\":{\"b\":\"20\"}}");

    ConfigMap after = apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));

    assertThat(after.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "20"));
    assertThat(fieldsOf(after, "kubectl", "Update"))
        .isEqualTo(Map.of("f:data", Map.of("f:b", Map.of())));
  }

  @Test
  void applyWithoutFieldManagerIsABadRequest() throws Exception {
    HttpResponse<String> response =
        rawApply("/api/v1/namespaces/default/configmaps/settings", configMapYaml());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("fieldManager");
  }

  @Test
  void applyAcceptsAYamlBody() throws Exception {
    HttpResponse<String> response =
        rawApply(
            "/api/v1/namespaces/default/configmaps/settings?fieldManager=kubectl&force=true",
            configMapYaml());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(get("settings").getData()).containsEntry("greeting", "hello");
  }

  @Test
  void applyOfAnObjectCarryingManagedFieldsIsRejectedLikeOnARealServer() {
    ConfigMap fetched = apply("ams-operator", Fixtures.configMap("settings", Map.of("a", "1")));
    fetched.getMetadata().setResourceVersion(null);

    assertThatThrownBy(() -> apply("ams-operator", fetched))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  private static String configMapYaml() {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: settings",
        "data:",
        "  greeting: hello",
        "");
  }

  private HttpResponse<String> rawApply(String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/apply-patch+yaml")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Object> fieldsOf(
      io.fabric8.kubernetes.api.model.HasMetadata object, String manager, String operation) {
    List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
    return entries.stream()
        .filter(e -> e.getManager().equals(manager) && e.getOperation().equals(operation))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + operation + " entry for " + manager))
        .getFieldsV1()
        .getAdditionalProperties();
  }

  private static <T> Watcher<T> counting(AtomicInteger events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        events.incrementAndGet();
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
