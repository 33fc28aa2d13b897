package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The last step of every write: server-owned metadata, {@link Admission}, {@code generation},
 * {@code resourceVersion}, no-op detection and finalizer-driven deletion. Handlers only decide what
 * the object should look like; this class decides whether and how it is stored.
 */
final class ObjectWriter {

  private final ObjectStore store;
  private final Admission admission;

  ObjectWriter(ObjectStore store) {
    this.store = store;
    this.admission = new Admission(store);
  }

  /** Stores a new object; the caller has already checked that the name is free. */
  ObjectNode create(ResourcePath path, ObjectNode object, Instant now) {
    ServerStrategies.beforeCreate(object);
    admission.admitCreate(path, object);
    ObjectNode metadata = Json.metadata(object);
    metadata.put("name", path.name());
    if (path.namespace() != null) {
      metadata.put("namespace", path.namespace());
    } else {
      metadata.remove("namespace");
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", ManagedFields.timestamp(now));
    metadata.put("generation", 1);
    metadata.remove("deletionTimestamp");
    metadata.remove("deletionGracePeriodSeconds");
    metadata.put("resourceVersion", String.valueOf(store.nextResourceVersion()));
    store.insert(path, object);
    return object;
  }

  /**
   * Stores {@code proposed} in place of {@code current}, unless nothing but managedFields
   * timestamps would change: then nothing is stored, no watch event is sent, and the current object
   * is returned, as a real server does for a no-op write.
   */
  ObjectNode update(ResourcePath path, ObjectStore.Stored current, ObjectNode proposed) {
    ObjectNode before = current.object();
    ServerStrategies.beforeUpdate(before, proposed);
    restoreServerMetadata(path, before, proposed);
    admission.admitUpdate(path, before, proposed);
    if (specChanged(path, before, proposed)) {
      long generation = Json.metadata(before).path("generation").asLong(0);
      Json.metadata(proposed).put("generation", generation + 1);
    }
    if (withoutManagedFieldTimes(before).equals(withoutManagedFieldTimes(proposed))) {
      return before;
    }
    Json.metadata(proposed).put("resourceVersion", String.valueOf(store.nextResourceVersion()));
    if (isDeletionComplete(proposed)) {
      store.delete(path, current);
    } else {
      store.replace(path, current, proposed);
    }
    return proposed;
  }

  private static void restoreServerMetadata(
      ResourcePath path, ObjectNode before, ObjectNode proposed) {
    ObjectNode was = Json.metadata(before);
    ObjectNode metadata = Json.metadata(proposed);
    metadata.put("name", path.name());
    for (String key :
        new String[] {
          "namespace",
          "uid",
          "creationTimestamp",
          "generation",
          "resourceVersion",
          "deletionTimestamp",
          "deletionGracePeriodSeconds"
        }) {
      JsonNode value = was.get(key);
      if (value == null) {
        metadata.remove(key);
      } else {
        metadata.set(key, value.deepCopy());
      }
    }
    proposed.set("apiVersion", before.get("apiVersion"));
    proposed.set("kind", before.get("kind"));
  }

  /**
   * A real server bumps generation for any change outside metadata and, when the kind has a status
   * subresource, outside status.
   */
  private boolean specChanged(ResourcePath path, ObjectNode before, ObjectNode proposed) {
    ObjectNode a = before.deepCopy();
    ObjectNode b = proposed.deepCopy();
    a.remove("metadata");
    b.remove("metadata");
    if (store.hasStatusSubresource(path)) {
      a.remove("status");
      b.remove("status");
    }
    return !a.equals(b);
  }

  private static ObjectNode withoutManagedFieldTimes(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode managedFields = Json.metadata(copy).get("managedFields");
    if (managedFields != null && managedFields.isArray()) {
      managedFields.forEach(e -> ((ObjectNode) e).remove("time"));
    }
    return copy;
  }

  private static boolean isDeletionComplete(ObjectNode object) {
    ObjectNode metadata = Json.metadata(object);
    JsonNode finalizers = metadata.get("finalizers");
    return metadata.hasNonNull("deletionTimestamp") && (finalizers == null || finalizers.isEmpty());
  }
}
