package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The instances of a namespace (or of all), kept current by a list and a watch (an informer, which
 * lists again after a dropped watch), never by polling: the client commands wait on {@link #next}
 * for each change. Filtered by name here rather than with a field selector, so that it works the
 * same against every API server.
 */
final class InstanceWatch implements AutoCloseable {

  /** A change: the instance as it is now, or as it was when it was deleted. */
  record Change(AmsInstance instance, boolean deleted) {}

  private final String name;
  private final SharedIndexInformer<AmsInstance> informer;
  private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
  private final Map<String, AmsInstance> current = new ConcurrentHashMap<>();

  private InstanceWatch(KubernetesClient client, String namespace, String name) {
    this.name = name;
    var resources = client.resources(AmsInstance.class);
    this.informer =
        namespace == null
            ? resources.inAnyNamespace().runnableInformer(0)
            : resources.inNamespace(namespace).runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(AmsInstance obj) {
            offer(obj, false);
          }

          @Override
          public void onUpdate(AmsInstance oldObj, AmsInstance newObj) {
            offer(newObj, false);
          }

          @Override
          public void onDelete(AmsInstance obj, boolean deletedFinalStateUnknown) {
            offer(obj, true);
          }
        });
  }

  /**
   * Starts watching the instances of {@code namespace} (null: all namespaces) named {@code name}
   * (null: every name) and returns once the first list arrived.
   */
  static InstanceWatch start(
      KubernetesClient client, String namespace, String name, Duration syncTimeout)
      throws Exception {
    var watch = new InstanceWatch(client, namespace, name);
    try {
      watch
          .informer
          .start()
          .toCompletableFuture()
          .get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      watch.close();
      throw e;
    }
    // The handler hears of the first list later, on a thread of its own: the store has it now.
    for (var instance : watch.informer.getStore().list()) {
      if (watch.matches(instance)) {
        watch.current.put(key(instance), instance);
      }
    }
    return watch;
  }

  private boolean matches(AmsInstance instance) {
    return name == null || name.equals(instance.getMetadata().getName());
  }

  private void offer(AmsInstance instance, boolean deleted) {
    if (matches(instance)) {
      changes.add(new Change(instance, deleted));
    }
  }

  /**
   * The next change, waiting at most {@code wait}; {@link #instances()} includes it once it is
   * returned. The first list may come again as changes: they change nothing.
   */
  Optional<Change> next(Duration wait) throws InterruptedException {
    var change = changes.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    if (change != null) {
      String key = key(change.instance());
      if (change.deleted()) {
        current.remove(key);
      } else {
        current.put(key, change.instance());
      }
    }
    return Optional.ofNullable(change);
  }

  /** Takes in every change that has arrived, without waiting. */
  void drain() throws InterruptedException {
    while (!changes.isEmpty()) {
      next(Duration.ZERO);
    }
  }

  /** The instances as the changes returned so far left them, by namespace and name. */
  List<AmsInstance> instances() {
    return current.values().stream()
        .sorted(
            Comparator.comparing((AmsInstance i) -> i.getMetadata().getNamespace())
                .thenComparing(i -> i.getMetadata().getName()))
        .toList();
  }

  static String key(AmsInstance instance) {
    return instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName();
  }

  @Override
  public void close() {
    informer.close();
  }
}
