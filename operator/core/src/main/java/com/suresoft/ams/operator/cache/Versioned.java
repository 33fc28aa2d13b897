package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Objects as an informer holds them, for an input record: equal to another {@code Versioned} of the
 * same objects in the same versions, by name and {@code resourceVersion}, not by content.
 *
 * <p>Why: a set's input record is compared on every pass ({@link InSyncMemo}), and some records
 * hold objects (the app Secret whose values the Deployments digest, the TLS Secrets whose good
 * certificates are kept). fabric8's {@code equals} walks every field; the API server gives an
 * object a new {@code resourceVersion} with every change, so the versions say the same for the
 * price of a string comparison, and the builder still reads the objects themselves. Invariant: two
 * equal {@code Versioned} hold the same content. An object without a version (not from an API
 * server) is equal only to itself, so it never counts as unchanged by accident.
 *
 * <p>A key the memo keeps holds its record, and so these objects, until the set's next pass that is
 * not in step: the informer's own objects. After a write of the set's own objects the key holds
 * their versions only ({@link #versionsOf}), not the server's answers.
 */
public final class Versioned<T extends HasMetadata> {
  private static final Versioned<?> NONE = new Versioned<>(List.of(), true);

  /** By name; null for {@link #versionsOf}. */
  private final List<T> objects;

  /**
   * What equality compares, by name: each object's namespace, name and version, or, for one without
   * a version, a token equal only to itself.
   */
  private final List<Object> versions;

  private Versioned(List<T> objects, boolean keepObjects) {
    this.objects = keepObjects ? objects : null;
    this.versions = objects.stream().map(o -> versionOf(o, keepObjects)).toList();
  }

  public static <T extends HasMetadata> Versioned<T> of(Collection<? extends T> objects) {
    return new Versioned<>(byName(objects), true);
  }

  /**
   * The versions of {@code objects} without the objects: for a record that is only compared, never
   * built from, such as the key the memo keeps after a pass wrote the objects (the server's answers
   * are second copies of what the informers hold, and a TLS Secret holds a few KiB).
   */
  public static <T extends HasMetadata> Versioned<T> versionsOf(Collection<? extends T> objects) {
    return new Versioned<>(byName(objects), false);
  }

  /** The object, or none when it is null. */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> Versioned<T> ofNullable(T object) {
    return object == null ? (Versioned<T>) NONE : new Versioned<>(List.of(object), true);
  }

  private static <T extends HasMetadata> List<T> byName(Collection<? extends T> objects) {
    return objects.stream()
        .<T>map(o -> o)
        .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
        .toList();
  }

  private static Object versionOf(HasMetadata o, boolean keepObject) {
    var meta = o.getMetadata();
    String version = meta.getResourceVersion();
    if (version == null) {
      // Equal only to itself: the object, or, without it, a token nothing else holds.
      return keepObject ? new Identity(o) : new Object();
    }
    return meta.getNamespace() + "/" + meta.getName() + "@" + version;
  }

  /** An object compared by identity (fabric8's equals compares content). */
  private record Identity(Object object) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }

  /** The objects, by name. */
  public List<T> objects() {
    if (objects == null) {
      throw new IllegalStateException("versions only: " + versions);
    }
    return objects;
  }

  /** The first object (by name), if any: for a record that holds at most one. */
  public Optional<T> first() {
    return objects().stream().findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Versioned<?> other && other.versions.equals(versions);
  }

  @Override
  public int hashCode() {
    return versions.hashCode();
  }

  @Override
  public String toString() {
    return versions.toString();
  }
}
