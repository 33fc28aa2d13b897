package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The informer of a set of owned objects, which finds an instance's objects through an index of its
 * own (by owner uid) and hands them back in a set compared by identity.
 *
 * <p>Why: JOSDK's lookup collects the objects into a hash set, and a fabric8 object's hash code
 * walks the whole object, managed fields included. Every reconciliation looks up every set of
 * children (the memo check, the readiness of Deployments and StatefulSets), so that hashing alone
 * was about 13 % of the operator's samples at 200 instances (BENCHMARKS.md). JOSDK's own
 * primary-to-secondary index is private, and its {@code list(namespace, …)} scans the whole cache
 * of the kind, so the index here is the one each informer's store keeps ({@link LeanStore}, {@link
 * OwnerIndex}; a store per informer, {@link StorePerInformer}).
 *
 * <p>The lookup sees what JOSDK's does: each object in the newer version JOSDK holds aside after
 * this operator wrote it ({@link #get}), and the objects this operator created that the watch has
 * not delivered yet, which are in no index of the informer's.
 *
 * <p>JOSDK keeps no index of its own beside this one: it builds its primary-to-secondary index (a
 * set of ids per instance, about 6 KiB per instance at 1,000 Production instances, BENCHMARKS.md)
 * only for an event source configured without a {@link PrimaryToSecondaryMapper}, and this one is
 * given a mapper that answers from the owner index ({@link ByOwner}).
 *
 * <p>Invariant: the lookup returns what JOSDK's would ({@code OwnerIndexedEventSourceTest}). It is
 * kept by overriding {@link #handleRecentResourceCreate}, where JOSDK tells its lookup about a
 * create, and by reading every object through {@code get}, which answers with the newer version
 * JOSDK holds aside after a write. The stores' index and JOSDK's temporary cache forget an object
 * by themselves; only {@code createdNotIndexed} is this class's, and it is not among {@link
 * InstanceCaches}'s parts because JOSDK creates event sources (there is no instance of this class
 * to hand over).
 */
public final class OwnerIndexedEventSource<R extends HasMetadata>
    extends LeanEventSource<R, AmsInstance> {

  /**
   * Per owner uid, what this operator created and the informer has not indexed yet. Its entries go
   * at the next lookup of their owner (below); an owner deleted before that keeps its entry, a few
   * ids, until the operator restarts.
   */
  private final Map<String, Set<ResourceID>> createdNotIndexed = new ConcurrentHashMap<>();

  public OwnerIndexedEventSource(
      InformerEventSourceConfiguration<R> configuration, EventSourceContext<AmsInstance> context) {
    this(new ByOwner<>(), configuration, context);
  }

  private OwnerIndexedEventSource(
      ByOwner<R> byOwner,
      InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<AmsInstance> context) {
    super(StorePerInformer.of(configuration, byOwner), context);
    if (!(configuration.getInformerConfig().getItemStore() instanceof LeanStore)) {
      throw new IllegalArgumentException(
          "the informer of "
              + configuration.name()
              + " has no LeanStore, which keeps the index by owner");
    }
    byOwner.source = this;
  }

  /** The stores of this source's informers (one per watched namespace), each with its index. */
  private List<LeanStore<R>> stores() {
    return ((StorePerInformer<R>) configuration().getInformerConfig()).stores();
  }

  /**
   * Called by JOSDK after this operator created {@code resource}; {@code primary} is the owner's id
   * (not the object's), as JOSDK's dependents pass it.
   */
  @Override
  public synchronized void handleRecentResourceCreate(ResourceID primary, R resource) {
    super.handleRecentResourceCreate(primary, resource);
    var id = ResourceID.fromResource(resource);
    for (String uid : ownerUids(resource)) {
      // Added inside compute, so that a lookup dropping the owner's emptied set cannot lose it.
      createdNotIndexed.compute(
          uid,
          (k, ids) -> {
            var created = ids == null ? ConcurrentHashMap.<ResourceID>newKeySet() : ids;
            created.add(id);
            return created;
          });
    }
  }

  @Override
  public Set<R> getSecondaryResources(AmsInstance primary) {
    String uid = primary.getMetadata().getUid();
    var found = new LinkedHashMap<ResourceID, R>();
    for (var store : stores()) {
      for (R indexed : store.ownedBy(uid)) {
        var id = ResourceID.fromResource(indexed);
        found.put(id, get(id).orElse(indexed));
      }
    }
    var created = createdNotIndexed.get(uid);
    if (created != null) {
      for (var id : created) {
        if (found.containsKey(id)) {
          created.remove(id); // indexed now
        } else {
          // Held aside by JOSDK until the watch delivers it; gone if deleted in between.
          get(id).ifPresentOrElse(o -> found.put(id, o), () -> created.remove(id));
        }
      }
      createdNotIndexed.computeIfPresent(uid, (k, ids) -> ids.isEmpty() ? null : ids);
    }
    Set<R> result = Collections.newSetFromMap(new IdentityHashMap<>());
    result.addAll(found.values());
    return result;
  }

  /** The ids of an instance's objects, as the owner index finds them. */
  private static final class ByOwner<R extends HasMetadata>
      implements PrimaryToSecondaryMapper<AmsInstance> {
    /** Set once the event source exists; the mapper must be handed to its constructor. */
    private OwnerIndexedEventSource<R> source;

    @Override
    public Set<ResourceID> toSecondaryResourceIDs(AmsInstance primary) {
      return source.getSecondaryResources(primary).stream()
          .map(ResourceID::fromResource)
          .collect(Collectors.toSet());
    }
  }

  private static List<String> ownerUids(HasMetadata object) {
    var owners = object.getMetadata().getOwnerReferences();
    return owners == null ? List.of() : owners.stream().map(OwnerReference::getUid).toList();
  }
}
