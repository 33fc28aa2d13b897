package com.suresoft.ams.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an instance's JSON into the values a CEL rule sees, the way the API server does: objects
 * become maps, arrays lists, integers {@code int} (Long), and {@code type: number} always {@code
 * double}.
 */
final class JsonToCel {

  private JsonToCel() {}

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
                      field.getKey(),
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
