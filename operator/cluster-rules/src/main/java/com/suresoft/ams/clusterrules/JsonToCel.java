package com.suresoft.ams.clusterrules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an instance's JSON into the values a CEL rule sees, the way the API server does: objects
 * become maps, arrays lists, integers {@code int} (Long), and {@code type: number} always {@code
 * double}; a declared property whose name is not a CEL identifier (or is a reserved word, such as
 * {@code namespace}) is seen under its escaped name, e.g. {@code __namespace__}.
 */
final class JsonToCel {

  private JsonToCel() {}

  /** Names Kubernetes escapes as {@code __name__}: CEL's reserved words. */
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  /**
   * The name a rule uses for field {@code name}: declared properties are escaped as the API server
   * escapes them (k8s.io/apiserver/pkg/cel escaping); map keys are not.
   */
  static String celName(JSONSchemaProps schema, String name) {
    if (schema == null
        || schema.getProperties() == null
        || !schema.getProperties().containsKey(name)) {
      return name;
    }
    if (RESERVED.contains(name)) {
      return "__" + name + "__";
    }
    return name.replace("__", "__underscores__")
        .replace(".", "__dot__")
        .replace("-", "__dash__")
        .replace("/", "__slash__");
  }

  /**
   * @param schema the node's schema, or null where the schema says nothing (the value is then
   *     converted by its JSON type alone)
   */
  static Object convert(JsonNode node, JSONSchemaProps schema) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              field -> {
                // The API server prunes null fields before validating, so has() is false on them.
                if (!field.getValue().isNull()) {
                  map.put(
                      celName(schema, field.getKey()),
                      convert(field.getValue(), SchemaChildren.field(schema, field.getKey())));
                }
              });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(convert(item, SchemaChildren.item(schema))));
      return list;
    }
    if (node.isIntegralNumber()) {
      boolean declaredNumber = schema != null && "number".equals(schema.getType());
      return declaredNumber ? (Object) node.asDouble() : (Object) node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return NullValue.NULL_VALUE;
    }
    return node.asText();
  }
}
