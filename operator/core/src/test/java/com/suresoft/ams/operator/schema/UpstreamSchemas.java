package com.suresoft.ams.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.suresoft.ams.clusterrules.CelViolation;
import com.suresoft.ams.clusterrules.CrdCelRules;
import com.suresoft.ams.clusterrules.KubernetesCel;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The upstream schemas vendored under {@code src/test/resources/upstream-schemas} (see SOURCES.md
 * there), as JSON Schema (draft 4, whose boolean {@code exclusiveMinimum} and ignored {@code $ref}
 * siblings are OpenAPI 3.0's), one per apiVersion and kind:
 *
 * <ul>
 *   <li>Kubernetes OpenAPI v3 documents ({@code *.json}): every component schema with an {@code
 *       x-kubernetes-group-version-kind}, its {@code $ref}s resolved against all documents' {@code
 *       components.schemas};
 *   <li>CustomResourceDefinitions ({@code *.yaml}, possibly several per file): each version's
 *       {@code openAPIV3Schema}, with {@code metadata} checked as Kubernetes' ObjectMeta (the API
 *       server does; CRDs leave it open); an object in a version the CRD does not serve is refused,
 *       and a custom resource gets its schema's defaults before it is checked, as in the API
 *       server.
 * </ul>
 *
 * <p>Unknown fields are refused as {@code kubectl apply} with strict field validation (the default
 * of server-side apply) refuses them: every object schema listing properties gets {@code
 * additionalProperties: false} unless it preserves unknown fields. {@code
 * x-kubernetes-int-or-string} and {@code format: int-or-string} accept an integer or a string.
 * Formats are not asserted, and the API server's built-in validation of its own kinds (names, label
 * syntax, cross-field rules written in Go) is not part of any schema, so not checked here.
 *
 * <p>A CRD's CEL rules ({@code x-kubernetes-validations}) are evaluated too, with the operator's
 * own {@link CrdCelRules}, except transition rules ({@code oldSelf}: there is no old object) and
 * rules using a Kubernetes CEL library function {@link KubernetesCel} does not have; {@link
 * #skippedRules} lists those.
 */
public final class UpstreamSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String COMPONENTS = "#/components/schemas/";
  private static final String DEFINITIONS = "#/definitions/";
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  /** Keywords whose value is a schema, and those whose value is a list or map of schemas. */
  private static final Set<String> SCHEMA = Set.of("items", "not", "additionalProperties");

  private static final Set<String> SCHEMA_LIST = Set.of("allOf", "anyOf", "oneOf");
  private static final Set<String> SCHEMA_MAP = Set.of("properties", "patternProperties");

  /**
   * A complaint about one object: which object, where in it (JSON path), and what upstream says.
   */
  public record Violation(String object, String path, String complaint) {
    @Override
    public String toString() {
      return object + " at " + path + ": " + complaint;
    }
  }

  /** The complaint about an object in a version its CRD has but does not serve. */
  public static final String NOT_SERVED = "this version of the CRD is not served";

  private static UpstreamSchemas vendored;

  /** Every Kubernetes component schema, converted, as {@code definitions}. */
  private final ObjectNode definitions = JsonNodeFactory.instance.objectNode();

  /** "apiVersion kind" -> its schema, converted; {@code $ref}s point into {@link #definitions}. */
  private final Map<String, JsonNode> byKind = new TreeMap<>();

  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** "apiVersion kind" of a CRD -> its schema with the rules that can be evaluated here. */
  private final Map<String, JSONSchemaProps> crdSchemas = new TreeMap<>();

  private final Map<String, CrdCelRules> celRules = new ConcurrentHashMap<>();

  /** CEL rules left out, as "apiVersion kind: rule", with why. */
  private final Map<String, String> skippedRules = new TreeMap<>();

  private final KubernetesCel cel = new KubernetesCel();

  /**
   * "apiVersion kind" of CRD versions the CRD has but does not serve: the API server refuses them.
   */
  private final Set<String> notServed = new TreeSet<>();

  private UpstreamSchemas() {}

  /** The vendored schemas (loaded once). */
  public static synchronized UpstreamSchemas vendored() {
    if (vendored == null) {
      try {
        var url = UpstreamSchemas.class.getResource("/upstream-schemas");
        vendored = load(Path.of(url.toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return vendored;
  }

  static UpstreamSchemas load(Path dir) {
    var schemas = new UpstreamSchemas();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
          schemas.addOpenApi(JSON.readTree(file.toFile()));
        } else if (name.endsWith(".yaml")) {
          try (var parser = new YAMLFactory().createParser(file.toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
              schemas.addCrd(it.next());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return schemas;
  }

  /** The "apiVersion kind" pairs that have a schema. */
  public Set<String> kinds() {
    return byKind.keySet();
  }

  /** Everything upstream refuses in {@code object}; a kind without a schema is refused too. */
  public List<Violation> validate(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    String name =
        kind + " " + object.path("metadata").path("name").asText() + " (" + apiVersion + ")";
    String key = apiVersion + " " + kind;
    if (!byKind.containsKey(key)) {
      return List.of(
          new Violation(
              name, "$", "no vendored upstream schema for this apiVersion and kind: vendor it"));
    }
    if (crdSchemas.containsKey(key)) {
      // The API server defaults a custom resource before it validates it (CEL rules rely on it).
      object = withDefaults(object.deepCopy(), crdSchemas.get(key));
    }
    var violations = new ArrayList<Violation>();
    if (notServed.contains(key)) {
      violations.add(new Violation(name, "$.apiVersion", NOT_SERVED));
    }
    for (ValidationMessage m : compiled.computeIfAbsent(key, this::compile).validate(object)) {
      String path = m.getInstanceLocation().toString();
      if (m.getProperty() != null
          && Set.of("additionalProperties", "required").contains(m.getType())) {
        path = path + "." + m.getProperty();
      }
      // The message repeats the path; the violation has it already.
      String complaint = m.getMessage().replaceFirst("^\\$[^:]*: ", "");
      violations.add(new Violation(name, path, m.getType() + ": " + complaint));
    }
    if (violations.stream().allMatch(v -> v.complaint().equals(NOT_SERVED))
        && crdSchemas.containsKey(key)) {
      // Rules read the structure the schema guarantees, so they run only on what it accepts.
      for (CelViolation v : celRules.computeIfAbsent(key, this::celRules).validate(object)) {
        violations.add(
            new Violation(name, "$." + v.field(), "x-kubernetes-validations: " + v.message()));
      }
    }
    return violations;
  }

  /**
   * {@code value} with the schema's defaults filled in where a field is missing, in place, as the
   * API server does for custom resources (structural defaulting).
   */
  static JsonNode withDefaults(JsonNode value, JSONSchemaProps schema) {
    if (schema == null) {
      return value;
    }
    if (value instanceof ObjectNode object) {
      if (schema.getProperties() != null) {
        schema
            .getProperties()
            .forEach(
                (name, property) -> {
                  if (!object.has(name) && property.getDefault() != null) {
                    object.set(name, property.getDefault().deepCopy());
                  }
                });
      }
      object
          .properties()
          .forEach(
              field -> {
                var properties = schema.getProperties();
                JSONSchemaProps child =
                    properties != null && properties.containsKey(field.getKey())
                        ? properties.get(field.getKey())
                        : schema.getAdditionalProperties() == null
                            ? null
                            : schema.getAdditionalProperties().getSchema();
                withDefaults(field.getValue(), child);
              });
    } else if (value.isArray() && schema.getItems() != null) {
      value.forEach(item -> withDefaults(item, schema.getItems().getSchema()));
    }
    return value;
  }

  /** CEL rules of the CRDs that are not evaluated here, with why. */
  public Map<String, String> skippedRules() {
    return skippedRules;
  }

  private CrdCelRules celRules(String key) {
    return new CrdCelRules(crdSchemas.get(key), cel);
  }

  private JsonSchema compile(String key) {
    var root = ((ObjectNode) byKind.get(key).deepCopy());
    root.set("definitions", definitions);
    var config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(false)
            .build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root, config);
  }

  private void addOpenApi(JsonNode document) {
    document
        .path("components")
        .path("schemas")
        .fields()
        .forEachRemaining(
            e -> {
              definitions.set(e.getKey(), convert(e.getValue().deepCopy()));
              for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion =
                    (group.isEmpty() ? "" : group + "/") + gvk.path("version").asText();
                byKind.put(
                    apiVersion + " " + gvk.path("kind").asText(),
                    JsonNodeFactory.instance.objectNode().put("$ref", DEFINITIONS + e.getKey()));
              }
            });
  }

  private void addCrd(JsonNode crd) {
    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
      return;
    }
    String group = crd.path("spec").path("group").asText();
    String kind = crd.path("spec").path("names").path("kind").asText();
    for (JsonNode version : crd.path("spec").path("versions")) {
      var schema = (ObjectNode) convert(version.path("schema").path("openAPIV3Schema").deepCopy());
      // Every object has these, whether the CRD lists them or not (Istio's do not).
      var properties = schema.withObjectProperty("properties");
      properties.putObject("apiVersion").put("type", "string");
      properties.putObject("kind").put("type", "string");
      properties.putObject("metadata").put("$ref", DEFINITIONS + OBJECT_META);
      String key = group + "/" + version.path("name").asText() + " " + kind;
      byKind.put(key, schema);
      if (!version.path("served").asBoolean(true)) {
        notServed.add(key);
      }
      var props =
          JSON.convertValue(version.path("schema").path("openAPIV3Schema"), JSONSchemaProps.class);
      keepEvaluableRules(key, props);
      crdSchemas.put(key, props);
    }
  }

  /** Drops, in place, the rules that cannot be evaluated here, and records them. */
  private void keepEvaluableRules(String key, JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      schema
          .getXKubernetesValidations()
          .removeIf(
              r -> {
                String why = null;
                if (r.getRule().contains("oldSelf")) {
                  why = "transition rule";
                } else {
                  try {
                    cel.compile(r.getRule());
                  } catch (IllegalArgumentException e) {
                    why =
                        "does not compile here: "
                            + e.getMessage().lines().skip(1).findFirst().orElse("");
                  }
                }
                if (why != null) {
                  skippedRules.put(key + ": " + r.getRule(), why);
                }
                return why != null;
              });
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> keepEvaluableRules(key, p));
    }
    if (schema.getItems() != null) {
      keepEvaluableRules(key, schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null) {
      keepEvaluableRules(key, schema.getAdditionalProperties().getSchema());
    }
  }

  /**
   * An OpenAPI v3 schema (Kubernetes' dialect) as a draft-4 JSON Schema, in place: visits only
   * subschemas, so a property that happens to be called {@code type} or {@code properties} is not
   * taken for a keyword.
   */
  static JsonNode convert(JsonNode node) {
    if (!node.isObject()) {
      return node;
    }
    var schema = (ObjectNode) node;
    var ref = schema.path("$ref").asText();
    if (ref.startsWith(COMPONENTS)) {
      schema.put("$ref", DEFINITIONS + ref.substring(COMPONENTS.length()));
    }
    for (String k : SCHEMA) {
      if (schema.path(k).isObject()) {
        convert(schema.get(k));
      }
    }
    for (String k : SCHEMA_LIST) {
      schema.path(k).forEach(UpstreamSchemas::convert);
    }
    for (String k : SCHEMA_MAP) {
      schema.path(k).forEach(UpstreamSchemas::convert);
    }
    boolean intOrString =
        schema.path("x-kubernetes-int-or-string").asBoolean(false)
            || "int-or-string".equals(schema.path("format").asText());
    if (intOrString) {
      schema.remove("format");
      schema.set("type", JsonNodeFactory.instance.arrayNode().add("integer").add("string"));
    }
    if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
      ArrayNode types = JsonNodeFactory.instance.arrayNode().add(schema.get("type")).add("null");
      schema.set("type", types);
    }
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (schema.has("properties") && !schema.has("additionalProperties") && !preserveUnknown) {
      schema.put("additionalProperties", false);
    }
    // Used above or not checked here (CEL rules, list and map types, patch strategies).
    schema.remove("nullable");
    schema.properties().removeIf(e -> e.getKey().startsWith("x-kubernetes-"));
    return schema;
  }
}
