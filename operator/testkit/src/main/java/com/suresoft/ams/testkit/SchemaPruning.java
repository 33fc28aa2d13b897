package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Drops the fields a CRD's structural schema does not declare, as kube-apiserver prunes custom
 * resources on every write (without strict field validation, the default for API clients, the write
 * succeeds and the field is simply gone). Fields under {@code x-kubernetes-preserve-unknown-fields}
 * are kept; so are the root's apiVersion, kind and metadata.
 */
final class SchemaPruning {

  private static final Set<String> ALWAYS_KEPT = Set.of("apiVersion", "kind", "metadata");

  private SchemaPruning() {}

  static void pruneObject(JsonNode rootSchema, ObjectNode object) {
    prune(rootSchema, object, true);
  }

  private static void prune(JsonNode schema, JsonNode value, boolean root) {
    if (schema == null || schema.isMissingNode() || value == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if ((root || embedded) && ALWAYS_KEPT.contains(name)) {
          continue;
        }
        if (properties != null && properties.has(name)) {
          prune(properties.get(name), object.get(name), false);
        } else if (additional != null && additional.isObject()) {
          prune(additional, object.get(name), false);
        } else if (!preserve && (properties != null || additional == null)) {
          object.remove(name);
        }
      }
    } else if (value instanceof ArrayNode list) {
      list.forEach(item -> prune(schema.get("items"), item, false));
    }
  }
}
