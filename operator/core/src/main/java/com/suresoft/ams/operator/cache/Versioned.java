package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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
 * not in step: the informer's own objects, or, after a write of the set's own objects, the server's
 * answer to it (a second copy of a few TLS Secrets until the hour's check).
 */
public final class Versioned<T extends HasMetadata> {
  private static final Versioned<?> NONE = new Versioned<>(List.of());

  /** By name. */
  private final List<T> objects;

  private Versioned(List<T> objects) {
    this.objects = objects;
  }

  public static <T extends HasMetadata> Versioned<T> of(Collection<? extends T> objects) {
    return new Versioned<>(
        objects.stream()
            .<T>map(o -> o)
            .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
            .toList());
  }

  /** The object, or none when it is null. */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> Versioned<T> ofNullable(T object) {
    return object == null ? (Versioned<T>) NONE : new Versioned<>(List.of(object));
  }

  /** The objects, by name. */
  public List<T> objects() {
    return objects;
  }

  /** The first object (by name), if any: for a record that holds at most one. */
  public Optional<T> first() {
    return objects.stream().findFirst();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Versioned<?> other) || other.objects.size() != objects.size()) {
      return false;
    }
    for (int i = 0; i < objects.size(); i++) {
      if (!sameVersion(objects.get(i), other.objects.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameVersion(HasMetadata a, HasMetadata b) {
    if (a == b) {
      return true;
    }
    String version = a.getMetadata().getResourceVersion();
    return version != null
        && version.equals(b.getMetadata().getResourceVersion())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName())
        && Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (T o : objects) {
      String version = o.getMetadata().getResourceVersion();
      hash =
          31 * hash
              + Objects.hashCode(o.getMetadata().getName())
              + (version == null ? System.identityHashCode(o) : version.hashCode());
    }
    return hash;
  }

  @Override
  public String toString() {
    return objects.stream()
        .map(o -> o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion())
        .toList()
        .toString();
  }
}
