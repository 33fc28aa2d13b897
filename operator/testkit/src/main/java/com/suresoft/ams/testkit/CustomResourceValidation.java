package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.suresoft.ams.clusterrules.CrdCelRules;
import com.suresoft.ams.clusterrules.CrdSchemaValidator;
import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.clusterrules.KubernetesCel;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits a custom resource with its installed CRD's schema, as kube-apiserver does: on every write
 * the fields the schema does not declare are {@link SchemaPruning pruned} (not refused: API clients
 * get no strict field validation by default); on create and on every write that changes the spec,
 * the spec is validated against the schema and the CEL rules and refused with 422 naming the
 * fields. A CRD without a structural schema, like {@link EmbeddedApiServer#minimalCrd}, checks
 * nothing. Status is not validated: a real server does, but ratchets unchanged fields.
 */
final class CustomResourceValidation {

  private static final String CRD_GROUP = "apiextensions.k8s.io";

  /** Compiling CEL rules is slow: one validator per distinct schema, shared by every server. */
  private static final Map<String, CrdSchemaValidator> BY_SCHEMA = new ConcurrentHashMap<>();

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The schema and validator of one CRD version, as stored at one resourceVersion. */
  private record Admitted(JsonNode schema, CrdSchemaValidator validator) {}

  private final ObjectStore store;

  /**
   * By CRD name, version and resourceVersion: every write of a custom resource looks its CRD up,
   * and re-reading its schema (tens of kilobytes for AmsInstance) each time is what this saves.
   */
  private final Map<String, Optional<Admitted>> byCrdVersion = new ConcurrentHashMap<>();

  CustomResourceValidation(ObjectStore store) {
    this.store = store;
  }

  void check(ResourcePath path, ObjectNode before, ObjectNode after) {
    if (path.isBuiltInGroup() || CRD_GROUP.equals(path.group())) {
      return;
    }
    Optional<Admitted> admitted = admittedFor(path);
    if (admitted.isEmpty()) {
      return;
    }
    SchemaPruning.pruneObject(admitted.get().schema(), after);
    if (before != null && before.path("spec").equals(after.path("spec"))) {
      return;
    }
    List<FieldViolation> violations =
        admitted.get().validator().validate(after).stream()
            .filter(e -> e.field().startsWith("spec"))
            .map(CustomResourceValidation::violation)
            .toList();
    if (!violations.isEmpty()) {
      throw ApiException.invalid(path, Json.text(after, "kind"), violations);
    }
  }

  private static FieldViolation violation(FieldError error) {
    return "is required".equals(error.message())
        ? new FieldViolation("FieldValueRequired", error.field(), "Required value")
        : new FieldViolation(
            "FieldValueInvalid", error.field(), "Invalid value: " + error.message());
  }

  /** The structural schema of the CRD serving {@code path}, if it has one, and its validator. */
  private Optional<Admitted> admittedFor(ResourcePath path) {
    ResourcePath crdPath =
        new ResourcePath(
            CRD_GROUP,
            "v1",
            null,
            "customresourcedefinitions",
            path.plural() + "." + path.group(),
            null,
            Map.of());
    Optional<ObjectStore.Stored> crd = store.find(crdPath);
    if (crd.isEmpty()) {
      return Optional.empty();
    }
    String key = crdPath.name() + "/" + path.version() + "@" + crd.get().resourceVersion();
    return byCrdVersion.computeIfAbsent(key, k -> admittedFor(crd.get().object(), path.version()));
  }

  private static Optional<Admitted> admittedFor(JsonNode crd, String servedVersion) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (servedVersion.equals(version.path("name").asText())
          && schema.path("properties").has("spec")) {
        return Optional.of(new Admitted(schema, validatorFor(schema)));
      }
    }
    return Optional.empty();
  }

  private static CrdSchemaValidator validatorFor(JsonNode schema) {
    return BY_SCHEMA.computeIfAbsent(
        Json.write(schema),
        json -> {
          JSONSchemaProps props = SERIALIZATION.convertValue(schema, JSONSchemaProps.class);
          return new CrdSchemaValidator(props, new CrdCelRules(props, new KubernetesCel()), false);
        });
  }
}
