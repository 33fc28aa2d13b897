package com.suresoft.ams.operator.cache;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Per instance, one value remembered with the key it was computed from; it is handed back only
 * while the key is equal. The reconciliation's memos ({@link InSyncMemo}, the validated spec) are
 * this, each with a key that holds everything its value depends on.
 *
 * <p>A deleted instance is not delivered to every part that remembers, so the entries of instances
 * that no longer exist are dropped each time the memo has doubled since the last time: amortised, a
 * constant cost per entry.
 */
public final class InstanceMemo<K, V> {

  private record Entry<K, V>(K key, V value) {}

  private final Map<ResourceID, Entry<K, V>> entries = new ConcurrentHashMap<>();
  private volatile int pruneAbove = 64;

  /** The value remembered for the instance, if it was computed from an equal key. */
  public Optional<V> get(ResourceID instance, K key) {
    var entry = entries.get(instance);
    return entry != null && entry.key().equals(key) ? Optional.of(entry.value()) : Optional.empty();
  }

  public void put(ResourceID instance, K key, V value) {
    entries.put(instance, new Entry<>(key, value));
  }

  public void forget(ResourceID instance) {
    entries.remove(instance);
  }

  /** Drops the entries of instances for which {@code exists} is false, amortised (see above). */
  public void prune(Predicate<ResourceID> exists) {
    if (entries.size() > pruneAbove) {
      synchronized (this) {
        if (entries.size() > pruneAbove) {
          entries.keySet().removeIf(exists.negate());
          pruneAbove = 2 * entries.size() + 64;
        }
      }
    }
  }
}
