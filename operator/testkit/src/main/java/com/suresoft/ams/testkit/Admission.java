package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The checks and defaults a real server applies to a write before it stores it, in its order:
 * mutating admission, the kind's validation, validating admission. Every write path (POST, PUT,
 * patches, server-side apply, /status, /scale) ends in the {@link ObjectWriter}, which calls this,
 * so none of them can get around it.
 */
final class Admission {

  private final StorageClasses storageClasses;
  private final CustomResourceValidation customResources;

  Admission(ObjectStore store) {
    this.storageClasses = new StorageClasses(store);
    this.customResources = new CustomResourceValidation(store);
  }

  void admitCreate(ResourcePath path, ObjectNode object) {
    if (isClaim(object)) {
      storageClasses.defaultClassOf(object);
    }
    customResources.check(path, null, object);
  }

  void admitUpdate(ResourcePath path, ObjectNode before, ObjectNode after) {
    List<FieldViolation> violations = ImmutableFields.violations(before, after);
    if (!violations.isEmpty()) {
      throw ApiException.invalid(path, Json.text(after, "kind"), violations);
    }
    if (isClaim(after)) {
      storageClasses.checkResize(path, before, after);
    }
    customResources.check(path, before, after);
  }

  private static boolean isClaim(ObjectNode object) {
    return "PersistentVolumeClaim".equals(Json.text(object, "kind"))
        && "v1".equals(Json.text(object, "apiVersion"));
  }
}
