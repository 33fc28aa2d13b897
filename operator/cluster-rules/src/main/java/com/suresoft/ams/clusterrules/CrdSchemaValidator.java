package com.suresoft.ams.clusterrules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What an API server checks of a custom resource against its CRD: the OpenAPI schema (types, enums,
 * patterns, ranges, required fields) and the CEL rules ({@code x-kubernetes-validations}). Used by
 * the {@link OfflineValidator} and by the test double's admission. Thread-safe once built.
 */
public final class CrdSchemaValidator {

  private final JsonSchema schema;
  private final CrdCelRules celRules;

  /**
   * @param rejectUnknownFields report fields the schema does not know, as kubectl's strict field
   *     validation does; a server without it drops them instead
   */
  public CrdSchemaValidator(
      JSONSchemaProps openApiSchema, CrdCelRules celRules, boolean rejectUnknownFields) {
    var mapper = new ObjectMapper();
    ObjectNode openApi = mapper.valueToTree(openApiSchema);
    // The API server knows these on every object; the CRD's schema leaves them out.
    var properties = openApi.withObjectProperty("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(asJsonSchema(openApi, rejectUnknownFields), config);
    this.celRules = celRules;
  }

  /** Every error in {@code document}, one per field; empty when it passes. */
  public List<FieldError> validate(JsonNode document) {
    var errors = new LinkedHashSet<FieldError>();
    for (ValidationMessage m : schema.validate(document)) {
      errors.add(new FieldError(fieldOf(m), describe(m)));
    }
    celRules.validate(document).forEach(v -> errors.add(new FieldError(v.field(), v.message())));
    return new ArrayList<>(errors);
  }

  /** {@code $.spec.api.replicas} -> {@code spec.api.replicas}; a missing property gets its name. */
  private static String fieldOf(ValidationMessage m) {
    String path = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
    if ("required".equals(m.getType()) && m.getProperty() != null) {
      path = path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
    }
    if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
      path = path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
    }
    return path.isEmpty() ? "(root)" : path;
  }

  private static String describe(ValidationMessage m) {
    return switch (m.getType()) {
      case "additionalProperties" -> "unknown field";
      case "required" -> "is required";
      default -> m.getMessage().replaceFirst("^\\$[^:]*: ", "");
    };
  }

  /**
   * The CRD's schema as a JSON Schema: when unknown fields are rejected, objects where the schema
   * lists properties and does not preserve unknown fields get {@code additionalProperties: false};
   * the {@code x-kubernetes-*} extensions are dropped (CEL rules are checked separately).
   */
  static JsonNode asJsonSchema(JsonNode node, boolean rejectUnknownFields) {
    if (node.isObject()) {
      var object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        var field = it.next();
        if (field.getKey().startsWith("x-kubernetes-")) {
          continue;
        }
        asJsonSchema(field.getValue(), rejectUnknownFields);
      }
      boolean preserve = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      object.remove(
          List.of(
              "x-kubernetes-validations",
              "x-kubernetes-preserve-unknown-fields",
              "x-kubernetes-int-or-string",
              "x-kubernetes-list-type",
              "x-kubernetes-list-map-keys",
              "x-kubernetes-map-type",
              "x-kubernetes-embedded-resource"));
      if (rejectUnknownFields
          && object.has("properties")
          && !object.has("additionalProperties")
          && !preserve) {
        object.put("additionalProperties", false);
      }
    } else if (node.isArray()) {
      node.forEach(n -> asJsonSchema(n, rejectUnknownFields));
    }
    return node;
  }
}
