package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.UUID;

/**
 * Create (POST), replace (PUT), JSON merge patch and JSON patch on the main resource and its {@code
 * /status} subresource. Each computes the whole new object and hands it to the {@link
 * ObjectWriter}; field ownership is recorded as {@code operation: Update}.
 */
final class ObjectUpdates {

  private final ObjectStore store;
  private final ObjectWriter writer;

  ObjectUpdates(ObjectStore store, ObjectWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  /** POST to a collection. Returns the created object. */
  ObjectNode create(WriteRequest request) {
    if (request.path().name() != null || request.path().subresource() != null) {
      throw new ApiException(
          405, "MethodNotAllowed", "POST is only supported on collections in the test double");
    }
    ObjectNode body = Json.parseObject(request.body(), false);
    requireTypeMeta(body);
    ObjectNode metadata = Json.metadata(body);
    String name = Json.text(metadata, "name");
    if (name == null || name.isEmpty()) {
      String generateName = Json.text(metadata, "generateName");
      if (generateName == null || generateName.isEmpty()) {
        throw ApiException.invalid("metadata.name or metadata.generateName is required");
      }
      name = generateName + UUID.randomUUID().toString().substring(0, 5);
    }
    ResourcePath path = request.path().withName(name);
    requireMatchingNamespace(path, body);
    if (store.find(path).isPresent()) {
      throw ApiException.alreadyExists(path);
    }
    FieldScope scope = store.mainScope(path);
    if (scope == FieldScope.MAIN_WITHOUT_STATUS) {
      // A real server resets status on create for kinds with a status subresource.
      body.remove("status");
    }
    metadata.remove("managedFields");
    FieldOwnership.recordUpdate(null, body, request.manager(), scope, request.now());
    return writer.create(path, body, request.now());
  }

  /** PUT on the object or its status. */
  ObjectNode replace(WriteRequest request, FieldScope scope) {
    ObjectStore.Stored current = store.require(request.path());
    ObjectNode candidate = Json.parseObject(request.body(), false);
    return update(request, current, candidate, scope);
  }

  ObjectNode mergePatch(WriteRequest request, FieldScope scope) {
    ObjectStore.Stored current = store.require(request.path());
    JsonNode patched =
        JsonMergePatch.apply(current.object().deepCopy(), Json.parse(request.body()));
    if (!(patched instanceof ObjectNode candidate)) {
      throw ApiException.invalid("a merge patch must leave an object");
    }
    return update(request, current, candidate, scope);
  }

  ObjectNode jsonPatch(WriteRequest request, FieldScope scope) {
    ObjectStore.Stored current = store.require(request.path());
    return update(request, current, applyJsonPatch(current.object(), request.body()), scope);
  }

  static ObjectNode applyJsonPatch(ObjectNode target, String body) {
    JsonNode patch = Json.parse(body);
    if (!patch.isArray()) {
      throw ApiException.badRequest("a JSON patch must be a list of operations");
    }
    try {
      JsonNode patched =
          JsonPatch.apply(patch, withParentsOfPatchedPaths(target.deepCopy(), patch));
      if (!(patched instanceof ObjectNode candidate)) {
        throw ApiException.invalid("a JSON patch must leave an object");
      }
      return candidate;
    } catch (RuntimeException e) {
      if (e instanceof ApiException apiException) {
        throw apiException;
      }
      throw ApiException.invalid("the JSON patch could not be applied: " + e.getMessage());
    }
  }

  /**
   * Creates missing parent maps of the paths a JSON patch writes, as the stock mock does. A real
   * server is stricter; we stay lenient so that client code that works against the stock mock keeps
   * working.
   */
  private static JsonNode withParentsOfPatchedPaths(JsonNode resource, JsonNode patch) {
    for (JsonNode operation : patch) {
      String[] segments = operation.path("path").asText().replaceAll("^/", "").split("/");
      JsonNode node = resource;
      for (int i = 0; i < segments.length - 1; i++) {
        String key = segments[i].replace("~1", "/").replace("~0", "~");
        if (node.get(key) == null && node instanceof ObjectNode object) {
          object.putObject(key);
        }
        node = node.path(key);
      }
    }
    return resource;
  }

  private ObjectNode update(
      WriteRequest request, ObjectStore.Stored current, ObjectNode candidate, FieldScope scope) {
    ResourcePath path = request.path();
    requireMatchingName(path, candidate);
    requireMatchingNamespace(path, candidate);
    String expectedVersion = Json.text(candidate, "metadata", "resourceVersion");
    if (expectedVersion != null
        && !expectedVersion.isEmpty()
        && !expectedVersion.equals(current.resourceVersion())) {
      throw ApiException.conflict(path);
    }
    ObjectNode proposed = restrictToScope(current.object(), candidate, scope);
    FieldOwnership.recordUpdate(
        current.object(), proposed, request.manager(), scope, request.now());
    return writer.update(path, current, proposed);
  }

  /** What a write to {@code scope} may change: the rest comes from the stored object. */
  private static ObjectNode restrictToScope(
      ObjectNode current, ObjectNode candidate, FieldScope scope) {
    ObjectNode proposed;
    if (scope == FieldScope.STATUS) {
      proposed = current.deepCopy();
      setOrRemove(proposed, "status", candidate.get("status"));
    } else {
      proposed = candidate.deepCopy();
      if (scope == FieldScope.MAIN_WITHOUT_STATUS) {
        setOrRemove(proposed, "status", current.get("status"));
      }
    }
    // Request bodies do not rewrite ownership; FieldOwnership derives it from the change.
    setOrRemove(
        Json.metadata(proposed), "managedFields", Json.metadata(current).get("managedFields"));
    return proposed;
  }

  private static void setOrRemove(ObjectNode object, String key, JsonNode value) {
    if (value == null || value.isNull()) {
      object.remove(key);
    } else {
      object.set(key, value.deepCopy());
    }
  }

  static void requireTypeMeta(ObjectNode body) {
    if (Json.text(body, "kind") == null || Json.text(body, "kind").isEmpty()) {
      throw ApiException.badRequest("Object 'Kind' is missing");
    }
    if (Json.text(body, "apiVersion") == null || Json.text(body, "apiVersion").isEmpty()) {
      throw ApiException.badRequest("Object 'apiVersion' is missing");
    }
  }

  static void requireMatchingName(ResourcePath path, ObjectNode body) {
    String name = Json.text(body, "metadata", "name");
    if (name != null && !name.isEmpty() && !name.equals(path.name())) {
      throw ApiException.badRequest(
          "the name of the object (" + name + ") does not match the name on the URL");
    }
  }

  static void requireMatchingNamespace(ResourcePath path, ObjectNode body) {
    String namespace = Json.text(body, "metadata", "namespace");
    if (namespace != null
        && !namespace.isEmpty()
        && path.namespace() != null
        && !namespace.equals(path.namespace())) {
      throw ApiException.badRequest(
          "the namespace of the object ("
              + namespace
              + ") does not match the namespace on the URL");
    }
  }
}
