package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Every version of one object the server sends on a watch, with when it arrived: to assert on how a
 * status went over time (ready pods 0, 1, 2, 3), not only on where it ended.
 */
final class History<T extends HasMetadata> implements AutoCloseable {

  /** One version of the object, and when the watch delivered it. */
  record Version<T>(Instant at, T object) {}

  private final List<Version<T>> versions = new CopyOnWriteArrayList<>();
  private final Watch watch;

  /** Starts recording; start before the object changes (or is created). */
  History(Resource<T> resource) {
    this.watch =
        resource.watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, T object) {
                versions.add(new Version<>(Instant.now(), object));
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  List<Version<T>> versions() {
    return List.copyOf(versions);
  }

  /** The values of {@code property} in order, each run of equal values recorded once. */
  /**
   * The {@link #changes} of {@code property} once the watch has delivered a version where it is
   * {@code last}: the server can be ahead of its watch, so a test that waited for the server's
   * state must wait for the recording too before it reads it.
   */
  <V> List<V> changesUntil(Function<T, V> property, V last) {
    org.awaitility.Awaitility.await("the watch delivers " + last)
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () -> {
              List<V> c = changes(property);
              return !c.isEmpty() && Objects.equals(c.get(c.size() - 1), last);
            });
    return changes(property);
  }

  <V> List<V> changes(Function<T, V> property) {
    return changesWithTimes(property).stream().map(Version::object).toList();
  }

  /** {@link #changes}, each with the time its first version arrived. */
  <V> List<Version<V>> changesWithTimes(Function<T, V> property) {
    List<Version<V>> changes = new ArrayList<>();
    for (Version<T> version : versions) {
      V value = property.apply(version.object());
      if (changes.isEmpty() || !Objects.equals(changes.get(changes.size() - 1).object(), value)) {
        changes.add(new Version<>(version.at(), value));
      }
    }
    return changes;
  }

  @Override
  public void close() {
    watch.close();
  }
}
