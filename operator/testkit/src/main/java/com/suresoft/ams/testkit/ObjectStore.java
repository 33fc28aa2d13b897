package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock CRUD dispatcher used as storage: its map of objects, its resourceVersion counter, its
 * watch fan-out and its CRD registry. Our write handlers compute the new object themselves and hand
 * it over here, so informers see exactly one event per real change.
 */
final class ObjectStore {

  /** An object as stored, with the storage key the stock dispatcher filed it under. */
  record Stored(AttributeSet key, ObjectNode object) {

    String resourceVersion() {
      return Json.text(object, "metadata", "resourceVersion");
    }
  }

  private final IndexedCrudDispatcher crud;

  ObjectStore(IndexedCrudDispatcher crud) {
    this.crud = crud;
  }

  Optional<Stored> find(ResourcePath path) {
    Map.Entry<AttributeSet, String> entry = crud.findResource(crud.getKey(path.objectPath()));
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(new Stored(entry.getKey(), Json.parseObject(entry.getValue(), false)));
  }

  /**
   * Every stored object, parsed afresh from the stock store's JSON: a full scan, for tests that
   * inspect the whole store; a request must not need it ({@link IndexedCrudDispatcher#examined}).
   */
  List<ObjectNode> all() {
    return crud.everything().stream().map(body -> Json.parseObject(body, false)).toList();
  }

  /** Every stored object of one kind (by plural), parsed afresh, through the index. */
  List<ObjectNode> allOf(String plural) {
    return crud.allOf(plural).stream().map(body -> Json.parseObject(body, false)).toList();
  }

  Stored require(ResourcePath path) {
    return find(path).orElseThrow(() -> ApiException.notFound(path));
  }

  /** How many times an object was stored or deleted; a write that leaves it equal is a no-op. */
  private final java.util.concurrent.atomic.AtomicLong changes =
      new java.util.concurrent.atomic.AtomicLong();

  long changes() {
    return changes.get();
  }

  void insert(ResourcePath path, ObjectNode object) {
    changes.incrementAndGet();
    crud.processEvent(
        path.objectPath(), crud.getKey(path.objectPath()), null, null, Json.write(object));
  }

  void replace(ResourcePath path, Stored current, ObjectNode object) {
    changes.incrementAndGet();
    crud.processEvent(
        path.objectPath(), crud.getKey(path.objectPath()), current.key(), null, Json.write(object));
  }

  void delete(ResourcePath path, Stored current) {
    changes.incrementAndGet();
    crud.processEvent(path.objectPath(), crud.getKey(path.objectPath()), current.key(), null, null);
  }

  long nextResourceVersion() {
    return crud.requestResourceVersion();
  }

  /**
   * Built-in kinds are treated as having a status subresource (nearly all that have a status do);
   * custom kinds have one when their CRD says so.
   */
  boolean hasStatusSubresource(ResourcePath path) {
    return path.isBuiltInGroup() || crud.isStatusSubresourceEnabledForResource(path.objectPath());
  }

  FieldScope mainScope(ResourcePath path) {
    return FieldScope.forMainResource(hasStatusSubresource(path));
  }

  /** The scope a write to this path may change; 404 for subresources the double lacks. */
  FieldScope scopeFor(ResourcePath path) {
    if (path.subresource() == null) {
      return mainScope(path);
    }
    if (path.isStatus() && hasStatusSubresource(path)) {
      return FieldScope.STATUS;
    }
    throw new ApiException(
        404,
        "NotFound",
        "the " + path.subresource() + " subresource is not supported by the test double");
  }
}
