package com.suresoft.ams.operator.cache;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per instance, one value remembered with the key it was computed from; it is handed back only
 * while the key is equal. {@link ValidatedSpecs} and {@link StatusThrottle} are this, each with a
 * key that holds everything its value depends on.
 *
 * <p>Only {@link InstanceCaches} drops an instance's entry ({@link #forget}): the package keeps
 * that the one way an instance is forgotten.
 */
final class InstanceMemo<K, V> {

  private record Entry<K, V>(K key, V value) {}

  private final Map<ResourceID, Entry<K, V>> entries = new ConcurrentHashMap<>();

  /** The value remembered for the instance, if it was computed from an equal key. */
  Optional<V> get(ResourceID instance, K key) {
    var entry = entries.get(instance);
    return entry != null && entry.key().equals(key) ? Optional.of(entry.value()) : Optional.empty();
  }

  void put(ResourceID instance, K key, V value) {
    entries.put(instance, new Entry<>(key, value));
  }

  void forget(ResourceID instance) {
    entries.remove(instance);
  }

  /** The instances with an entry (a live view). */
  Set<ResourceID> instances() {
    return entries.keySet();
  }
}
