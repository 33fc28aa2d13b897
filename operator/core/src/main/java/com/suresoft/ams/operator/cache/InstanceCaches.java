package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Everything the operator remembers per instance between reconciliations, and the one place where
 * an instance is forgotten: the validated specs, the sets' in-sync memo, the status throttle and
 * the referenced Secrets' key names. Each keeps its own invariant (see each); this class keeps that
 * none of them outlives its instance.
 *
 * <p>Why one place: JOSDK calls a reconciler without a finalizer nothing when its instance is
 * deleted (a finalizer would make every deletion wait for the operator; {@code
 * triggerReconcilerOnAllEvents} would hand the deletion to {@code reconcile}, whose every step
 * would then have to tell a deleted instance apart), so the entries of deleted instances have to be
 * found. Each cache used to do that on its own, in three places (the validated specs, each set's
 * memo, the reconciler for the throttle and the Secrets' key names); a cache added later and left
 * out would grow with every instance ever created. Here each cache is one of {@code parts}, given
 * in the constructor, and {@link #forget} goes through all of them; the caches' own {@code forget}
 * is package-private, so nothing else forgets.
 */
public final class InstanceCaches {
  /** One per-instance cache: how to forget an instance in it, and which instances it holds. */
  private record Part(Consumer<ResourceID> forget, Set<ResourceID> instances) {}

  private final InSyncMemo sets = new InSyncMemo();

  /** The uid each instance had in its last reconciliation. */
  private final Map<ResourceID, String> uids = new ConcurrentHashMap<>();

  /** Every per-instance cache, this class's own uids included. */
  private final List<Part> parts = new ArrayList<>();

  private volatile int walkAbove = 64;

  /** {@code referencedSecrets} may be null (a reconciler built for a test that reads none). */
  public InstanceCaches(
      ValidatedSpecs specs, StatusThrottle statusThrottle, ReferencedSecrets referencedSecrets) {
    parts.add(new Part(specs::forget, specs.instances()));
    parts.add(new Part(statusThrottle::forget, statusThrottle.instances()));
    parts.add(new Part(sets::forget, sets.instances()));
    if (referencedSecrets != null) {
      parts.add(new Part(referencedSecrets::forget, referencedSecrets.instances()));
    }
    parts.add(new Part(uids::remove, uids.keySet()));
  }

  /** The sets' memo, which the reconciler hands to its dependents for each pass. */
  public InSyncMemo sets() {
    return sets;
  }

  /**
   * Called once at the start of every reconciliation, by the reconciler and nothing else. Forgets
   * {@code current} if it is a re-created instance (another uid under the same name: nothing known
   * about its predecessor applies to it), and the instances for which {@code exists} is false. The
   * latter walk runs each time the caches have doubled since the last one: amortised, a constant
   * cost per entry, and no walk at all while the fleet is steady.
   */
  public void retain(AmsInstance current, Predicate<ResourceID> exists) {
    var id = ResourceID.fromResource(current);
    String uid = current.getMetadata().getUid();
    if (uid != null) {
      String before = uids.put(id, uid);
      if (before != null && !before.equals(uid)) {
        forget(id);
        uids.put(id, uid);
      }
    }
    if (size() > walkAbove) {
      synchronized (this) {
        if (size() > walkAbove) {
          // Every cache's own instances, not a list of those seen: a pass still running for an
          // instance deleted meanwhile may add an entry after the walk, and the next walk finds it.
          var known = new HashSet<ResourceID>();
          parts.forEach(part -> known.addAll(part.instances()));
          known.stream().filter(exists.negate()).forEach(this::forget);
          walkAbove = 2 * size() + 64;
        }
      }
    }
  }

  /** The one place an instance is forgotten, in every per-instance cache. */
  private void forget(ResourceID instance) {
    for (var part : parts) {
      part.forget().accept(instance);
    }
  }

  /** The most instances any cache holds; asked on every pass, so it allocates nothing. */
  private int size() {
    int size = 0;
    for (int i = 0; i < parts.size(); i++) {
      size = Math.max(size, parts.get(i).instances().size());
    }
    return size;
  }
}
