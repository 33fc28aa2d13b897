package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * The {@code /scale} subresource of the built-in scalable kinds, which the stock mock lacks (it
 * answers with, and overwrites by, the whole object). Reads and writes an {@code autoscaling/v1
 * Scale} view of {@code spec.replicas}.
 */
final class ScaleSubresource {

  private static final Set<String> SCALABLE =
      Set.of("deployments", "statefulsets", "replicasets", "replicationcontrollers");

  private final ObjectStore store;
  private final ObjectWriter writer;

  ScaleSubresource(ObjectStore store, ObjectWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  static boolean supports(ResourcePath path) {
    return path.isScale() && path.isBuiltInGroup() && SCALABLE.contains(path.plural());
  }

  ObjectNode get(ResourcePath path) {
    return scaleOf(store.require(path).object());
  }

  /** PUT, merge patch or JSON patch: {@code change} turns the current Scale into the wanted one. */
  ObjectNode update(WriteRequest request, UnaryOperator<ObjectNode> change) {
    ObjectStore.Stored current = store.require(request.path());
    ObjectNode wanted = change.apply(scaleOf(current.object()));
    String expectedVersion = Json.text(wanted, "metadata", "resourceVersion");
    if (expectedVersion != null
        && !expectedVersion.isEmpty()
        && !expectedVersion.equals(current.resourceVersion())) {
      throw ApiException.conflict(request.path());
    }
    ObjectNode proposed = current.object().deepCopy();
    JsonNode replicas = Json.at(wanted, List.of("spec", "replicas"));
    ObjectNode spec = proposed.withObjectProperty("spec");
    if (replicas == null || replicas.isNull()) {
      spec.remove("replicas");
    } else {
      spec.set("replicas", replicas.deepCopy());
    }
    FieldOwnership.recordUpdate(
        current.object(), proposed, request.manager(), FieldScope.SCALE, request.now());
    return scaleOf(writer.update(request.path(), current, proposed));
  }

  static ObjectNode scaleOf(ObjectNode object) {
    ObjectNode scale = Json.object();
    scale.put("apiVersion", "autoscaling/v1");
    scale.put("kind", "Scale");
    ObjectNode metadata = scale.putObject("metadata");
    for (String key : new String[] {"name", "namespace", "uid", "resourceVersion"}) {
      JsonNode value = Json.metadata(object).get(key);
      if (value != null) {
        metadata.set(key, value.deepCopy());
      }
    }
    ObjectNode spec = scale.putObject("spec");
    JsonNode replicas = Json.at(object, List.of("spec", "replicas"));
    if (replicas != null && !replicas.isNull()) {
      spec.set("replicas", replicas.deepCopy());
    }
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    String selector = selectorOf(Json.at(object, List.of("spec", "selector", "matchLabels")));
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return scale;
  }

  private static String selectorOf(JsonNode matchLabels) {
    StringJoiner joiner = new StringJoiner(",");
    if (matchLabels != null) {
      matchLabels
          .fields()
          .forEachRemaining(e -> joiner.add(e.getKey() + "=" + e.getValue().asText()));
    }
    return joiner.toString();
  }
}
