package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Keeps {@code metadata.managedFields} true after a non-apply write (create, PUT, merge patch, JSON
 * patch): the writing manager takes over every field whose value it changed, and fields it removed
 * are owned by nobody. This is what a real server does for {@code operation: Update}, and what
 * makes a later apply by another manager leave those fields alone.
 */
final class FieldOwnership {

  private FieldOwnership() {}

  /**
   * Records an Update by {@code manager} that turned {@code before} (null on create) into {@code
   * after}, writing the resulting managedFields into {@code after}.
   */
  static void recordUpdate(
      ObjectNode before, ObjectNode after, String manager, FieldScope scope, Instant now) {
    ManagedFields managedFields = ManagedFields.of(before);
    FieldSet oldLeaves = FieldSet.leavesOf(before, scope);
    FieldSet newLeaves = FieldSet.leavesOf(after, scope);
    List<List<String>> changed =
        newLeaves.paths().stream()
            .filter(p -> before == null || !Objects.equals(Json.at(before, p), Json.at(after, p)))
            .toList();
    List<List<String>> removed =
        oldLeaves.paths().stream().filter(p -> Json.at(after, p) == null).toList();
    if (!changed.isEmpty() || !removed.isEmpty()) {
      removed.forEach(managedFields::releaseFromAll);
      ManagedFields.Entry self =
          managedFields.findOrAdd(manager, ManagedFields.UPDATE, scope.subresource());
      for (List<String> path : changed) {
        managedFields.releaseFromOthers(path, self);
        self.fields.removeOverlapping(path);
        self.fields.add(path);
      }
      self.apiVersion = Json.text(after, "apiVersion");
      self.time = ManagedFields.timestamp(now);
    }
    managedFields.writeTo(after);
  }
}
