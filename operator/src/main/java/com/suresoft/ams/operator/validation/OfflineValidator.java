package com.suresoft.ams.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks an AmsInstance document the way the cluster would, then with the operator's own rules: the
 * CRD's OpenAPI schema (types, enums, patterns, ranges, required and unknown fields), its CEL
 * rules, then {@link SpecValidator} — the same validator the reconciler uses. For GitOps pipelines
 * that want to check a commit before it reaches a cluster.
 */
public final class OfflineValidator {
  private static final String API_VERSION = AmsInstance.GROUP + "/" + AmsInstance.VERSION;

  private final JsonSchema schema;
  private final CrdCelRules celRules;
  private final SpecValidator semantic;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public OfflineValidator(AmsInstanceCrd crd, CrdCelRules celRules, SpecValidator semantic) {
    var mapper = new ObjectMapper();
    ObjectNode openApi = mapper.valueToTree(crd.openApiSchema());
    // The API server knows these on every object; the CRD's schema leaves them out.
    var properties = (ObjectNode) openApi.get("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(asJsonSchema(openApi), config);
    this.celRules = celRules;
    this.semantic = semantic;
  }

  public static OfflineValidator forAmsInstance() {
    return new OfflineValidator(
        AmsInstanceCrd.fromClasspath(), CrdCelRules.forAmsInstance(), new SpecValidator());
  }

  /**
   * Every error in {@code document}, one per field; empty when the cluster and the operator accept
   * it.
   */
  public List<FieldError> validate(JsonNode document) {
    var errors = new LinkedHashSet<FieldError>();
    if (!API_VERSION.equals(document.path("apiVersion").asText())) {
      errors.add(new FieldError("apiVersion", "must be " + API_VERSION));
    }
    if (!"AmsInstance".equals(document.path("kind").asText())) {
      errors.add(new FieldError("kind", "must be AmsInstance"));
    }
    for (ValidationMessage m : schema.validate(document)) {
      errors.add(new FieldError(fieldOf(m), describe(m)));
    }
    celRules.validate(document).forEach(v -> errors.add(new FieldError(v.field(), v.message())));
    if (errors.isEmpty()) {
      // The operator's rules read the typed object, which a schema error may not even produce.
      errors.addAll(semantic.validate(serialization.convertValue(document, AmsInstance.class)));
    }
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
   * The CRD's schema as a JSON Schema: Kubernetes rejects unknown fields (kubectl's strict field
   * validation) where the schema lists properties and does not preserve unknown fields, so those
   * objects get {@code additionalProperties: false}; the {@code x-kubernetes-*} extensions are
   * dropped (CEL rules are checked separately).
   */
  static JsonNode asJsonSchema(JsonNode node) {
    if (node.isObject()) {
      var object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        var field = it.next();
        if (field.getKey().startsWith("x-kubernetes-")) {
          continue;
        }
        asJsonSchema(field.getValue());
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
      if (object.has("properties") && !object.has("additionalProperties") && !preserve) {
        object.put("additionalProperties", false);
      }
    } else if (node.isArray()) {
      node.forEach(OfflineValidator::asJsonSchema);
    }
    return node;
  }
}
