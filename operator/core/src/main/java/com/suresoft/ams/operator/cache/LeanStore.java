package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.model.FieldManagers;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Map;
import java.util.WeakHashMap;

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
 *   <li>The operator's entry itself is shared: objects built from the same builder have the same
 *       owned fields, so the 200 web Deployments of 200 instances hold one {@code fieldsV1} between
 *       them ({@link #shared}). Nobody changes a cached object (JOSDK's rule), so sharing is safe.
 *   <li>Not {@code kubectl.kubernetes.io/last-applied-configuration}, a copy of the whole object
 *       that {@code kubectl apply} leaves on what a user applied (an AmsInstance); the operator
 *       never reads it.
 * </ul>
 */
public class LeanStore<R extends HasMetadata> extends TransformingItemStore<R> {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * One instance of each distinct {@code fieldsV1}, held weakly: an entry goes when no cached
   * object refers to it any more.
   */
  private static final Map<FieldsV1, WeakReference<FieldsV1>> SHARED = new WeakHashMap<>();

  public LeanStore() {
    super(LeanStore::prune);
  }

  /** Drops from {@code object} what the operator does not read; returns it. */
  static <R extends HasMetadata> R prune(R object) {
    var meta = object.getMetadata();
    var entries = meta.getManagedFields();
    if (entries != null && !entries.isEmpty()) {
      var kept = new ArrayList<ManagedFieldsEntry>(1);
      for (var e : entries) {
        if (FieldManagers.ALL.contains(e.getManager())) {
          e.setFieldsV1(shared(e.getFieldsV1()));
          kept.add(e);
        }
      }
      kept.trimToSize();
      meta.setManagedFields(kept);
    }
    var annotations = meta.getAnnotations();
    if (annotations != null) {
      annotations.remove(LAST_APPLIED);
    }
    return object;
  }

  /** The one instance of {@code fields}' content (the same instance on every call). */
  static FieldsV1 shared(FieldsV1 fields) {
    if (fields == null) {
      return null;
    }
    synchronized (SHARED) {
      var known = SHARED.get(fields);
      var instance = known == null ? null : known.get();
      if (instance != null) {
        return instance;
      }
      SHARED.put(fields, new WeakReference<>(fields));
      return fields;
    }
  }
}
