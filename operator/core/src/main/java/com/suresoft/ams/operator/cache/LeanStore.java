package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.model.FieldManagers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The store of every informer of the operator (each {@code @Informer} names it; {@code LeanStoreIT}
 * checks that none is left out): it keeps of each object what the operator reads, and no second
 * copy of what thousands of objects share.
 *
 * <p>Why: at 200 Production instances the informers held about 900 KiB per instance, most of it the
 * maps of {@code metadata.managedFields} (BENCHMARKS.md, #19). What is kept:
 *
 * <ul>
 *   <li>Of {@code managedFields}, only the entries of this operator's own field managers ({@link
 *       FieldManagers}). Server-side apply's matcher reads the operator's entry to know which
 *       fields it owns (so the steady state writes nothing), and the replica handover reads it to
 *       know whether the operator owns {@code spec.replicas}; nobody reads the entries of the
 *       controllers that write a Deployment's status or of an HPA.
 *   <li>What objects have in common, once ({@link SharedParts}): the 200 web Deployments of 200
 *       instances hold one spec between them if their specs are equal, else one copy of each part
 *       that is, and one {@code fieldsV1}, or all of it but their owner's uid. Nobody changes a
 *       cached object (JOSDK's rule), so sharing is safe; with assertions on (the tests), the store
 *       checks it when an object is replaced or removed.
 *   <li>Not {@code kubectl.kubernetes.io/last-applied-configuration}, a copy of the whole object
 *       that {@code kubectl apply} leaves on what a user applied (an AmsInstance); the operator
 *       never reads it.
 *   <li>In a {@link WithoutStatus} store, no status.
 * </ul>
 */
public class LeanStore<R extends HasMetadata> extends TransformingItemStore<R> {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * With assertions on (the tests), each object's hash as it was stored, to find code that changes
   * a cached object: a change to a shared part would change every object that holds it.
   */
  private final Map<String, Integer> storedHashes =
      LeanStore.class.desiredAssertionStatus() ? new ConcurrentHashMap<>() : null;

  /** This store's objects by owner, for {@link OwnerIndexedEventSource}'s lookups. */
  private final OwnerIndex owners = new OwnerIndex();

  public LeanStore() {
    this(LeanStore::prune);
  }

  private LeanStore(UnaryOperator<R> transform) {
    super(transform);
  }

  /** A new, empty store that keeps what this one keeps ({@link StorePerInformer}). */
  LeanStore<R> fresh() {
    return new LeanStore<>();
  }

  /**
   * The store of a kind whose status the operator never reads and another controller writes (a
   * PodDisruptionBudget's, a claim's, a Certificate's): it keeps no status. Why: a budget's status
   * holds a condition with its own time, so no two are alike and none is shared, about 1 KiB of
   * heap per budget, five budgets per instance. Such a kind's informer lets no status change
   * through either ({@link com.suresoft.ams.operator.events.RelevantChanges.NotStatus}); the
   * server-side apply matcher compares the operator's fields, never a status.
   */
  public static final class WithoutStatus<R extends HasMetadata> extends LeanStore<R> {
    public WithoutStatus() {
      super(object -> prune(Statuses.drop(object)));
    }

    @Override
    LeanStore<R> fresh() {
      return new WithoutStatus<>();
    }
  }

  /** Drops from {@code object} what the operator does not read; returns it. */
  static <R extends HasMetadata> R prune(R object) {
    var meta = object.getMetadata();
    var entries = meta.getManagedFields();
    if (entries != null && !entries.isEmpty()) {
      var kept = new ArrayList<ManagedFieldsEntry>(1);
      for (var e : entries) {
        if (FieldManagers.ALL.contains(e.getManager())) {
          kept.add(e);
        }
      }
      kept.trimToSize();
      meta.setManagedFields(kept);
    }
    var annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      // A copy: the map read may be one that other objects share (SharedStrings).
      var kept = new LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      meta.setAnnotations(Collections.unmodifiableMap(kept));
    }
    return SharedParts.CACHES.shareParts(object);
  }

  /** The objects {@code ownerUid} owns, as this store holds them ({@link OwnerIndex}). */
  public List<R> ownedBy(String ownerUid) {
    var owned = new ArrayList<R>();
    for (String key : owners.keysOwnedBy(ownerUid)) {
      R object = get(key);
      if (object != null) { // removed since the index was read
        owned.add(object);
      }
    }
    return owned;
  }

  @Override
  public R put(String key, R obj) {
    R previous = super.put(key, obj);
    R stored = get(key);
    owners.changed(key, previous, stored);
    if (storedHashes != null) {
      checkUnchanged(key, previous, storedHashes.put(key, stored.hashCode()));
    }
    return previous;
  }

  @Override
  public R remove(String key) {
    R previous = super.remove(key);
    owners.changed(key, previous, null);
    if (storedHashes != null) {
      checkUnchanged(key, previous, storedHashes.remove(key));
    }
    return previous;
  }

  /** {@code previous}, leaving the store, still has the hash it was stored with. */
  private static void checkUnchanged(String key, Object previous, Integer stored) {
    if (previous != null && stored != null && previous.hashCode() != stored) {
      throw new AssertionError(
          "the cached object "
              + key
              + " was changed after it was stored; its parts are shared with other objects");
    }
  }
}
