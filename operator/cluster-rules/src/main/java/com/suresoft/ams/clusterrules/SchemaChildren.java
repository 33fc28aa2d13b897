package com.suresoft.ams.clusterrules;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/** Steps from a schema node to the schema of a field, an array item or a map value. */
final class SchemaChildren {

  private SchemaChildren() {}

  /** Schema of the object field {@code name}: a declared property, else the map value schema. */
  static JSONSchemaProps field(JSONSchemaProps schema, String name) {
    if (schema == null) {
      return null;
    }
    if (schema.getProperties() != null && schema.getProperties().containsKey(name)) {
      return schema.getProperties().get(name);
    }
    return mapValue(schema);
  }

  /** Schema of the values of an object used as a map ({@code additionalProperties}). */
  static JSONSchemaProps mapValue(JSONSchemaProps schema) {
    if (schema == null || schema.getAdditionalProperties() == null) {
      return null;
    }
    return schema.getAdditionalProperties().getSchema();
  }

  /** Schema of the items of an array. */
  static JSONSchemaProps item(JSONSchemaProps schema) {
    if (schema == null || schema.getItems() == null) {
      return null;
    }
    return schema.getItems().getSchema();
  }
}
