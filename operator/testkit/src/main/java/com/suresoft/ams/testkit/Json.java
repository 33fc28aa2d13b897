package com.suresoft.ams.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Small tree operations on Jackson nodes that the write handlers share. */
final class Json {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a request body as an object. Apply bodies may be YAML; JSON is valid YAML too. */
  static ObjectNode parseObject(String body, boolean allowYaml) {
    JsonNode node;
    try {
      String trimmed = body == null ? "" : body.trim();
      node =
          allowYaml && !trimmed.startsWith("{") ? YAML.readTree(trimmed) : JSON.readTree(trimmed);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the request body could not be decoded: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("the request body must be an object");
    }
    return (ObjectNode) node;
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the request body could not be decoded: " + e.getMessage());
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  static String text(JsonNode node, String... path) {
    JsonNode current = node;
    for (String key : path) {
      if (current == null) {
        return null;
      }
      current = current.get(key);
    }
    return current == null || current.isNull() ? null : current.asText();
  }

  /** The value at a path of map keys, or null when any step is missing. */
  static JsonNode at(JsonNode root, List<String> path) {
    JsonNode current = root;
    for (String key : path) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(key);
    }
    return current;
  }

  /**
   * Removes the value at a path, then removes maps that this left empty (an SSA removal does not
   * leave {@code labels: {}} behind). {@code metadata} itself is never removed.
   */
  static void removeAt(ObjectNode root, List<String> path) {
    List<ObjectNode> parents = new ArrayList<>();
    JsonNode current = root;
    for (int i = 0; i < path.size() - 1; i++) {
      if (!(current instanceof ObjectNode o)) {
        return;
      }
      parents.add(o);
      current = o.get(path.get(i));
    }
    if (!(current instanceof ObjectNode leafParent)) {
      return;
    }
    leafParent.remove(path.get(path.size() - 1));
    parents.add(leafParent);
    for (int i = parents.size() - 1; i > 0; i--) {
      ObjectNode child = parents.get(i);
      String keyInParent = path.get(i - 1);
      boolean isMetadata = i == 1 && "metadata".equals(keyInParent);
      if (child.isEmpty() && !isMetadata) {
        parents.get(i - 1).remove(keyInParent);
      } else {
        return;
      }
    }
  }

  /** Deep merge for apply: maps are merged key by key, lists and scalars replace what was there. */
  static void mergeInto(ObjectNode target, ObjectNode source) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        mergeInto(existingObject, (ObjectNode) field.getValue());
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  /** Drops map entries whose value is null, at every depth (list elements are left alone). */
  static ObjectNode withoutNulls(ObjectNode node) {
    ObjectNode copy = node.deepCopy();
    stripNulls(copy);
    return copy;
  }

  private static void stripNulls(ObjectNode node) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        fields.remove();
      } else if (field.getValue() instanceof ObjectNode child) {
        stripNulls(child);
      }
    }
  }
}
