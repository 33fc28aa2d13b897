package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of a store's objects by the uid of each of their owners: how {@link
 * OwnerIndexedEventSource} finds an instance's objects of a kind.
 *
 * <p>Why not fabric8's indexer, which this replaced: it keeps a concurrent set per owner and kind
 * (22 sets per instance, each a hash table, about 7 KiB per instance at 1,000 Production instances)
 * and a copy of every object's key beside the store's own (2 KiB more, BENCHMARKS.md). An owner has
 * few objects of a kind (one to thirteen), so here each owner holds an array of the keys the store
 * itself holds, replaced whole on a change (copy on write: readers take no lock).
 *
 * <p>Thread-safety: the store's writer (the informer, one thread at a time per store) changes it
 * through {@link ConcurrentHashMap#compute}; readers see an owner's keys before or after a change,
 * never in between.
 */
final class OwnerIndex {
  private static final String[] NONE = new String[0];

  private final ConcurrentHashMap<String, String[]> keysByOwner = new ConcurrentHashMap<>();

  /**
   * {@code key}'s object was {@code before} (null: absent) and is now {@code after} (null: gone).
   */
  void changed(String key, HasMetadata before, HasMetadata after) {
    var was = owners(before);
    var is = owners(after);
    if (was.equals(is)) {
      return;
    }
    for (String uid : was) {
      if (!is.contains(uid)) {
        keysByOwner.computeIfPresent(uid, (k, keys) -> without(keys, key));
      }
    }
    for (String uid : is) {
      if (!was.contains(uid)) {
        keysByOwner.compute(uid, (k, keys) -> with(keys == null ? NONE : keys, key));
      }
    }
  }

  /** The keys of the objects {@code ownerUid} owns, in the order they came. */
  List<String> keysOwnedBy(String ownerUid) {
    return Arrays.asList(keysByOwner.getOrDefault(ownerUid, NONE));
  }

  /** How many owners have objects here (for tests). */
  int owners() {
    return keysByOwner.size();
  }

  private static List<String> owners(HasMetadata object) {
    if (object == null || object.getMetadata().getOwnerReferences() == null) {
      return List.of();
    }
    return object.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList();
  }

  private static String[] with(String[] keys, String key) {
    for (String k : keys) {
      if (k.equals(key)) {
        return keys;
      }
    }
    var more = Arrays.copyOf(keys, keys.length + 1);
    more[keys.length] = key;
    return more;
  }

  /** {@code keys} without {@code key}; null (the owner's entry goes) when none is left. */
  private static String[] without(String[] keys, String key) {
    int at = Arrays.asList(keys).indexOf(key);
    if (at < 0) {
      return keys;
    }
    if (keys.length == 1) {
      return null;
    }
    var fewer = new String[keys.length - 1];
    System.arraycopy(keys, 0, fewer, 0, at);
    System.arraycopy(keys, at + 1, fewer, at, keys.length - at - 1);
    return fewer;
  }
}
