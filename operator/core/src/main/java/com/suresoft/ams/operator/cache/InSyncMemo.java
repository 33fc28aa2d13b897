package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per instance and set of objects, when the set was last found in step with its desired
 * state, so that the next reconciliation can skip building and comparing that state while nothing
 * it rests on has changed. One memo serves every set (by the set's name in the workflow), so that
 * {@link InstanceCaches} forgets an instance in one place.
 *
 * <p>Why: while an instance converges, the controllers write the status of its workloads many
 * times, and each write brings a reconciliation of the whole instance. Building every desired
 * object with fabric8's builders and comparing it with server-side apply's matcher took about two
 * thirds of the operator's CPU, for sets that had not changed (see BENCHMARKS.md).
 *
 * <p>"Nothing changed" is exact, not a heuristic. Invariant: a key holds everything the set's
 * desired objects are built from, and the version of everything anyone could have changed in its
 * actual objects. The first part is the set's input record: {@link #keyOf} takes a record, and the
 * set's builder is handed that record and nothing else ({@code dependent.BuiltFrom}), so whatever a
 * builder reads is in the key, and an input added to a builder is an input added to its key. A
 * record compares its parts by their {@code equals}: the resolved model by identity (its spec has
 * no {@code equals}; {@link ValidatedSpecs} hands out one model per spec generation and nobody
 * changes it), objects by resourceVersion ({@link Versioned}), the release's plan and routing and
 * the rest by value; nothing is hashed. The second part is, for every actual object, its {@code
 * resourceVersion}, except for kinds whose status other controllers write (a Deployment's status
 * changes with every pod): for those it is {@code metadata.generation}, which the API server raises
 * on every change to the spec, plus labels, annotations and owner references, which it does not
 * cover. Any edit by a user or another tool therefore changes the key, and the set is compared and
 * re-applied as before.
 */
public final class InSyncMemo {
  private static final String CONTEXT_KEY = InSyncMemo.class.getName();

  /** Kinds whose status is written by controllers other than this operator. */
  private static final Set<Class<?>> STATUS_WRITTEN_BY_OTHERS =
      Set.of(
          Deployment.class,
          StatefulSet.class,
          HorizontalPodAutoscaler.class,
          PodDisruptionBudget.class,
          CronJob.class,
          Job.class,
          Ingress.class);

  /** What a set's desired state and its actual objects were when they last matched. */
  public record Key(Record inputs, List<ObjectVersion> actual) {}

  /**
   * The parts of one actual object that anyone but a status writer could change: its {@code
   * resourceVersion}, which every change to the object moves; or, for a kind whose status others
   * write, its generation with the labels, annotations and owner references the generation does not
   * cover.
   *
   * <p>Only what the version does not cover is held: the key after a write is made of the server's
   * answers, which no cache shares parts with, and a reference to their maps and lists kept them
   * alive (about 5 KiB per Production instance, BENCHMARKS.md #19).
   */
  record ObjectVersion(
      String name,
      String resourceVersion,
      long generation,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<OwnerReference> owners) {

    static ObjectVersion of(HasMetadata o) {
      var meta = o.getMetadata();
      Long generation = meta.getGeneration();
      if (STATUS_WRITTEN_BY_OTHERS.contains(o.getClass()) && generation != null && generation > 0) {
        return new ObjectVersion(
            meta.getName(),
            null,
            generation,
            meta.getLabels(),
            meta.getAnnotations(),
            meta.getOwnerReferences());
      }
      return new ObjectVersion(meta.getName(), meta.getResourceVersion(), 0, null, null, null);
    }
  }

  /** Per instance, per set (its name in the workflow), the key it last matched with. */
  private final Map<ResourceID, Map<String, Key>> inSync = new ConcurrentHashMap<>();

  /**
   * The key of a set now: its input record (what its desired state is built from) and its actual
   * objects.
   */
  public Key keyOf(Record inputs, Collection<? extends HasMetadata> actual) {
    return new Key(
        inputs,
        actual.stream()
            .map(ObjectVersion::of)
            .sorted(Comparator.comparing(ObjectVersion::name))
            .toList());
  }

  /**
   * Whether the set was in step with its desired state when it last had {@code key}. On a match the
   * memo keeps {@code key} in place of the equal one it held: a key made after a write holds the
   * server's answers (their maps, lists and the objects an input record holds), which no cache
   * shares parts with, and {@code key} holds what the informers' caches hold anyway.
   */
  public boolean isInSync(ResourceID instance, String set, Key key) {
    var sets = inSync.get(instance);
    if (sets == null) {
      return false;
    }
    var held = sets.get(set);
    if (!key.equals(held)) {
      return false;
    }
    sets.replace(set, held, key);
    return true;
  }

  /** The key the memo holds for the set, if any. */
  Key held(ResourceID instance, String set) {
    var sets = inSync.get(instance);
    return sets == null ? null : sets.get(set);
  }

  /**
   * Records that after this pass the set, as {@code key} has it, is in step with its desired state.
   */
  public void inSync(ResourceID instance, String set, Key key) {
    // The sets of one instance run in parallel in its workflow.
    inSync.computeIfAbsent(instance, id -> new ConcurrentHashMap<>()).put(set, key);
  }

  /** Forgets the set's last match: it is about to be written to, or it failed. */
  public void outOfStep(ResourceID instance, String set) {
    var sets = inSync.get(instance);
    if (sets != null) {
      sets.remove(set);
    }
  }

  void forget(ResourceID instance) {
    inSync.remove(instance);
  }

  Set<ResourceID> instances() {
    return inSync.keySet();
  }

  /** Hands the memo to this pass's dependents, which JOSDK creates (no constructor injection). */
  public void putInto(Context<AmsInstance> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  public static InSyncMemo from(Context<AmsInstance> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(CONTEXT_KEY, InSyncMemo.class);
  }
}
