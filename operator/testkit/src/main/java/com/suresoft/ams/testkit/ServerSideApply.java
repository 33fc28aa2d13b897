package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}) on the main resource
 * and on {@code /status}.
 *
 * <p>What is modelled: create-or-merge; maps merge deeply while lists and scalars replace (every
 * list is atomic); fields the same manager applied before but left out now are removed unless
 * another manager owns them; {@code metadata.managedFields} gets one {@code Apply} entry per
 * (manager, subresource) listing exactly the applied fields; a {@code resourceVersion} in the body
 * is a precondition on update and ignored on create.
 *
 * <p>What is not: field-level conflict detection between managers. Every apply behaves as if {@code
 * force=true}: fields whose value it changes are taken away from their other owners; fields it sets
 * to the value they already had stay shared, as on a real server.
 */
final class ServerSideApply {

  static final String CONTENT_TYPE = "application/apply-patch+yaml";

  private final ObjectStore store;
  private final ObjectWriter writer;

  ServerSideApply(ObjectStore store, ObjectWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  /** Returns the stored object, and whether it was created (201) rather than updated (200). */
  record Outcome(ObjectNode object, boolean created) {}

  Outcome apply(WriteRequest request) {
    ResourcePath path = request.path();
    String manager =
        path.queryParameter("fieldManager")
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "PATCH requests of type apply require the fieldManager query parameter"));
    FieldScope scope = store.scopeFor(path);
    ObjectNode config = Json.parseObject(request.body(), true);
    JsonNode managedFields = Json.metadata(config).get("managedFields");
    if (managedFields != null && !managedFields.isNull() && !managedFields.isEmpty()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    ObjectUpdates.requireTypeMeta(config);
    ObjectUpdates.requireMatchingName(path, config);
    ObjectUpdates.requireMatchingNamespace(path, config);

    ObjectStore.Stored current = store.find(path).orElse(null);
    if (current == null) {
      if (scope == FieldScope.STATUS) {
        throw ApiException.notFound(path);
      }
      ObjectNode skeleton = Json.object();
      skeleton.set("apiVersion", config.get("apiVersion"));
      skeleton.set("kind", config.get("kind"));
      skeleton.putObject("metadata").put("name", path.name());
      ObjectNode created = merge(skeleton, null, config, manager, scope, request.now());
      return new Outcome(writer.create(path, created, request.now()), true);
    }
    String expectedVersion = Json.text(config, "metadata", "resourceVersion");
    if (expectedVersion != null
        && !expectedVersion.isEmpty()
        && !expectedVersion.equals(current.resourceVersion())) {
      throw ApiException.conflict(path);
    }
    ObjectNode merged =
        merge(current.object().deepCopy(), current.object(), config, manager, scope, request.now());
    return new Outcome(writer.update(path, current, merged), false);
  }

  /**
   * Applies {@code config} for {@code manager} onto {@code target}, a copy of {@code before} (null
   * when creating), and records the new ownership in {@code target}.
   */
  static ObjectNode merge(
      ObjectNode target,
      ObjectNode before,
      ObjectNode config,
      String manager,
      FieldScope scope,
      Instant now) {
    ObjectNode applied = Json.withoutNulls(config);
    FieldSet appliedFields = FieldSet.leavesOf(applied, scope);
    ManagedFields managedFields = ManagedFields.of(before);
    ManagedFields.Entry previous =
        managedFields.find(manager, ManagedFields.APPLY, scope.subresource());

    // The core SSA rule: what this manager applied before but applies no longer goes away,
    // unless someone else also owns it.
    if (previous != null) {
      for (List<String> path : previous.fields.paths()) {
        if (!appliedFields.contains(path) && !managedFields.ownedByOthers(path, previous)) {
          Json.removeAt(target, path);
        }
      }
    }
    Json.mergeInto(target, scope.restrict(applied));

    ManagedFields.Entry self =
        managedFields.findOrAdd(manager, ManagedFields.APPLY, scope.subresource());
    for (List<String> path : appliedFields.paths()) {
      if (!Objects.equals(Json.at(before, path), Json.at(target, path))) {
        managedFields.releaseFromOthers(path, self);
      }
    }
    self.fields = appliedFields;
    self.apiVersion = Json.text(config, "apiVersion");
    self.time = ManagedFields.timestamp(now);
    managedFields.writeTo(target);
    return target;
  }
}
