package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fields a real API server's update validation refuses to change, whichever way the update
 * comes (PUT, merge or JSON patch, server-side apply, /status): an operator that patches them works
 * against a lenient double and fails on a cluster. Only the fields below are checked, as they are
 * the ones an operator is likely to touch; a real server also defaults many fields the double does
 * not, so comparing whole specs here would refuse updates a cluster accepts.
 */
final class ImmutableFields {

  private ImmutableFields() {}

  /** What a real server would refuse in changing {@code before} into {@code after}. */
  static List<FieldViolation> violations(ObjectNode before, ObjectNode after) {
    String apiVersion = Json.text(after, "apiVersion");
    String kind = Json.text(after, "kind");
    List<FieldViolation> violations = new ArrayList<>();
    switch (apiVersion + "/" + kind) {
      case "batch/v1/Job" -> {
        unchanged(before, after, "spec.selector", violations);
        unchanged(before, after, "spec.template", violations);
        unchanged(before, after, "spec.completionMode", violations);
      }
      case "apps/v1/Deployment", "apps/v1/ReplicaSet", "apps/v1/DaemonSet" ->
          unchanged(before, after, "spec.selector", violations);
      case "apps/v1/StatefulSet" -> statefulSet(before, after, violations);
      case "v1/Service" -> {
        unchanged(before, after, "spec.clusterIP", violations);
        unchanged(before, after, "spec.clusterIPs", violations);
      }
      case "v1/PersistentVolumeClaim" -> claim(before, after, violations);
      default -> {}
    }
    return violations;
  }

  /**
   * A StatefulSet's spec may change only in replicas, ordinals, template, updateStrategy,
   * persistentVolumeClaimRetentionPolicy and minReadySeconds. Of the rest, the double checks the
   * fields an operator sets (not those a real server defaults: that would refuse what a cluster
   * accepts).
   */
  private static void statefulSet(
      ObjectNode before, ObjectNode after, List<FieldViolation> violations) {
    for (String field :
        List.of(
            "spec.selector",
            "spec.volumeClaimTemplates",
            "spec.serviceName",
            "spec.podManagementPolicy")) {
      if (!Objects.equals(at(before, field), at(after, field))) {
        violations.add(
            FieldViolation.forbidden(
                "spec",
                "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
                    + " 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and"
                    + " 'minReadySeconds' are forbidden"));
        return;
      }
    }
  }

  /**
   * A claim's spec is immutable but for a larger {@code resources.requests} once it is bound, and a
   * {@code volumeName} set once (by the binder).
   */
  private static void claim(ObjectNode before, ObjectNode after, List<FieldViolation> violations) {
    ObjectNode was = before.path("spec").deepCopy();
    ObjectNode is = after.path("spec") instanceof ObjectNode spec ? spec.deepCopy() : Json.object();
    if (was.path("volumeName").asText("").isEmpty()) {
      copy(is, was, "volumeName");
    }
    copy(is, was, "volumeAttributesClassName");
    if ("Bound".equals(Json.text(before, "status", "phase"))) {
      copy(is.path("resources"), was.withObjectProperty("resources"), "requests");
    }
    if (!was.equals(is)) {
      violations.add(
          FieldViolation.forbidden(
              "spec",
              "spec is immutable after creation except resources.requests and"
                  + " volumeAttributesClassName for bound claims"));
    }
    BigDecimal oldSize = storageRequest(before);
    BigDecimal newSize = storageRequest(after);
    if (oldSize != null && newSize != null && newSize.compareTo(oldSize) < 0) {
      violations.add(
          FieldViolation.forbidden(
              "spec.resources.requests.storage", "field can not be less than previous value"));
    }
  }

  static BigDecimal storageRequest(JsonNode claim) {
    String size = Json.text(claim, "spec", "resources", "requests", "storage");
    return size == null ? null : CanonicalQuantity.valueOf(size);
  }

  private static void copy(JsonNode from, ObjectNode to, String key) {
    JsonNode value = from.get(key);
    if (value == null) {
      to.remove(key);
    } else {
      to.set(key, value.deepCopy());
    }
  }

  private static void unchanged(
      ObjectNode before, ObjectNode after, String field, List<FieldViolation> violations) {
    JsonNode was = at(before, field);
    JsonNode is = at(after, field);
    if (!Objects.equals(was, is)) {
      violations.add(FieldViolation.immutable(field, is.isMissingNode() ? "null" : Json.write(is)));
    }
  }

  private static JsonNode at(JsonNode object, String dottedPath) {
    JsonNode node = object;
    for (String key : dottedPath.split("\\.")) {
      node = node.path(key);
    }
    return node.isNull() ? MissingNode.getInstance() : node;
  }
}
