package com.suresoft.ams.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.events.EventWindow;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner-indexed lookup must find what JOSDK's lookup finds: the instance's objects and no
 * other's, in the version this operator last wrote, including what it created that the watch has
 * not delivered yet.
 */
class OwnerIndexedEventSourceTest {

  private static final String NS = "team-a";

  @ControllerConfiguration
  static final class NoReconciler implements Reconciler<AmsInstance> {
    @Override
    public UpdateControl<AmsInstance> reconcile(
        AmsInstance resource,
        io.javaoperatorsdk.operator.api.reconciler.Context<AmsInstance> context) {
      return UpdateControl.noUpdate();
    }
  }

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private OwnerIndexedEventSource<ConfigMap> source;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client();
    var controller = new BaseConfigurationService().getConfigurationFor(new NoReconciler());
    var context = new EventSourceContext<>(null, controller, client, AmsInstance.class);
    source =
        new OwnerIndexedEventSource<>(
            InformerEventSourceConfiguration.from(ConfigMap.class, AmsInstance.class)
                .withItemStore(new LeanStore<>())
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(AmsInstance.class))
                .build(),
            context);
    // As JOSDK's event source manager does, with the primary's configuration (its signature is
    // off).
    @SuppressWarnings({"unchecked", "rawtypes"})
    var raw = (ManagedInformerEventSource) source;
    raw.setControllerConfiguration(controller);
    source.start();
  }

  @AfterEach
  void stop() {
    source.stop();
    server.close();
  }

  /** The index by owner is the store's: an informer configured without a LeanStore has none. */
  @Test
  void refusesAnInformerWithoutALeanStore() {
    var controller = new BaseConfigurationService().getConfigurationFor(new NoReconciler());
    var context = new EventSourceContext<>(null, controller, client, AmsInstance.class);
    var withoutStore =
        InformerEventSourceConfiguration.from(ConfigMap.class, AmsInstance.class)
            .withName("no-lean-store")
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(AmsInstance.class))
            .build();

    assertThatThrownBy(() -> new OwnerIndexedEventSource<>(withoutStore, context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-lean-store")
        .hasMessageContaining("LeanStore");
  }

  @Test
  void findsTheInstancesObjectsAndNoOthers() {
    var a = instance("a", "uid-a");
    var b = instance("b", "uid-b");
    create(configMap("a-1", a, "1"));
    create(configMap("a-2", a, "1"));
    create(configMap("b-1", b, "1"));
    create(new ConfigMapBuilder().withNewMetadata().withName("none").endMetadata().build());

    await().until(() -> source.getSecondaryResources(a).size() == 2);
    assertThat(names(source.getSecondaryResources(a))).containsExactlyInAnyOrder("a-1", "a-2");
    assertThat(names(source.getSecondaryResources(b))).containsExactly("b-1");
  }

  /**
   * JOSDK builds its own primary-to-secondary index (a set of ids per instance and kind) unless the
   * event source has a primary-to-secondary mapper; this one has the owner index as its mapper, and
   * JOSDK's index stays the no-op one. Read through JOSDK's private field: an upgrade of JOSDK that
   * indexes anyway fails here.
   */
  @Test
  void josdkKeepsNoIndexBesideTheOwnerIndex() throws ReflectiveOperationException {
    var a = instance("a", "uid-a");
    create(configMap("a-1", a, "1"));
    create(configMap("a-2", a, "1"));
    await().until(() -> source.getSecondaryResources(a).size() == 2);

    var mapper = source.configuration().getPrimaryToSecondaryMapper();
    assertThat(mapper.toSecondaryResourceIDs(a))
        .containsExactlyInAnyOrder(new ResourceID("a-1", NS), new ResourceID("a-2", NS));
    var field = InformerEventSource.class.getDeclaredField("primaryToSecondaryIndex");
    field.setAccessible(true);
    assertThat(field.get(source).getClass().getSimpleName())
        .isEqualTo("NOOPPrimaryToSecondaryIndex");
  }

  /**
   * fabric8's informer indexes by namespace unless told not to; nobody here reads that index, and
   * the started source has dropped it (read through JOSDK's wrapper, as the source does). The index
   * by owner is the store's: fabric8's informer keeps none at all.
   */
  @Test
  void theInformersKeepNoIndexOfTheirOwn() throws ReflectiveOperationException {
    var a = instance("a", "uid-a");
    create(configMap("a-1", a, "1"));
    await().until(() -> source.getSecondaryResources(a).size() == 1);

    var wrappers = source.informerHealthIndicators().values();
    assertThat(wrappers).isNotEmpty();
    for (var wrapper : wrappers) {
      var field = wrapper.getClass().getDeclaredField("informer");
      field.setAccessible(true);
      var indexer = ((SharedIndexInformer<?>) field.get(wrapper)).getIndexer();
      assertThat(indexer.getIndexers()).isEmpty();
    }
  }

  @Test
  void handsBackTheVersionJosdkHoldsAsideAfterAWrite() {
    var a = instance("a", "uid-a");
    var cached = create(configMap("a-1", a, "1"));
    await().until(() -> source.getSecondaryResources(a).size() == 1);
    // As JOSDK does after its own update, before the watch delivers it.
    var written = configMap("a-1", a, "2");
    written.getMetadata().setResourceVersion(cached.getMetadata().getResourceVersion() + "0");
    source.handleRecentResourceUpdate(ResourceID.fromResource(a), written, cached);

    assertThat(source.getSecondaryResources(a))
        .singleElement()
        .satisfies(c -> assertThat(c.getData()).containsEntry("v", "2"));
  }

  @Test
  void findsWhatItCreatedBeforeTheWatchDeliversIt() {
    var a = instance("a", "uid-a");
    // Recorded as created by this operator, but never stored: the watch cannot deliver it.
    var created = configMap("a-new", a, "1");
    created.getMetadata().setResourceVersion("1");
    // JOSDK's dependents pass the owner's id, not the object's.
    source.handleRecentResourceCreate(ResourceID.fromResource(a), created);

    assertThat(names(source.getSecondaryResources(a))).containsExactly("a-new");
    assertThat(source.getSecondaryResources(instance("b", "uid-b"))).isEmpty();
  }

  @Test
  void aCreatedObjectIsFoundOnceWhenTheWatchHasDeliveredIt() {
    var a = instance("a", "uid-a");
    var stored = create(configMap("a-1", a, "1"));
    source.handleRecentResourceCreate(ResourceID.fromResource(a), stored);
    await().until(() -> source.list(c -> true).count() == 1);

    assertThat(names(source.getSecondaryResources(a))).containsExactly("a-1");
    assertThat(names(source.getSecondaryResources(a))).containsExactly("a-1");
  }

  @Test
  void forgetsADeletedObject() {
    var a = instance("a", "uid-a");
    create(configMap("a-1", a, "1"));
    await().until(() -> source.getSecondaryResources(a).size() == 1);
    client.configMaps().inNamespace(NS).withName("a-1").delete();

    await().until(() -> source.getSecondaryResources(a).isEmpty());
  }

  /**
   * Its events reach JOSDK through the instance's window ({@link EventWindow}): not as the watch
   * delivers them, but once the window has closed.
   */
  @Test
  void itsEventsReachJosdkWhenTheInstancesWindowCloses() {
    var handled = new CopyOnWriteArrayList<ResourceID>();
    var handledAt = new AtomicLong();
    source.setEventHandler(
        event -> {
          handledAt.set(System.nanoTime());
          handled.add(event.getRelatedCustomResourceID());
        });
    var a = instance("a", "uid-a");

    long created = System.nanoTime();
    create(configMap("a-1", a, "1"));

    await().until(() -> !handled.isEmpty());
    assertThat(Duration.ofNanos(handledAt.get() - created))
        .isGreaterThanOrEqualTo(EventWindow.WINDOW);
    assertThat(handled).containsExactly(new ResourceID("a", NS));
  }

  private ConfigMap create(ConfigMap configMap) {
    return client.configMaps().inNamespace(NS).resource(configMap).create();
  }

  private static AmsInstance instance(String name, String uid) {
    var instance = new AmsInstance();
    instance.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid(uid).build());
    return instance;
  }

  private static ConfigMap configMap(String name, AmsInstance owner, String value) {
    var configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withData(Map.of("v", value))
            .build();
    configMap.addOwnerReference(owner);
    return configMap;
  }

  private static List<String> names(java.util.Collection<ConfigMap> configMaps) {
    return configMaps.stream().map(c -> c.getMetadata().getName()).toList();
  }
}
