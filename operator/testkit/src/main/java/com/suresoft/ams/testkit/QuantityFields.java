package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the built-in kinds keep resource quantities, and their rewriting into {@link
 * CanonicalQuantity canonical form} on every write, as a real server's decoding and encoding does.
 * A path is a list of keys where {@code []} stands for every element of a list and {@code *} for
 * every value of a map. A value that is not a quantity is refused with 422, as a real server does.
 */
final class QuantityFields {

  private static final String EACH_ELEMENT = "[]";
  private static final String EACH_VALUE = "*";

  private static final List<String> RESOURCES = List.of("resources");

  /** Quantities of a pod spec, relative to it. */
  private static final List<List<String>> POD_SPEC =
      Stream.of(
              Stream.of("containers", "initContainers", "ephemeralContainers")
                  .flatMap(c -> requirements(List.of(c, EACH_ELEMENT, "resources"))),
              requirements(RESOURCES),
              Stream.of(List.of("overhead", EACH_VALUE)),
              Stream.of(List.of("volumes", EACH_ELEMENT, "emptyDir", "sizeLimit")),
              requirements(
                  List.of(
                      "volumes",
                      EACH_ELEMENT,
                      "ephemeral",
                      "volumeClaimTemplate",
                      "spec",
                      "resources")))
          .flatMap(s -> s)
          .toList();

  /** Quantities of a PersistentVolumeClaim (or a claim template), relative to it. */
  private static final List<List<String>> CLAIM =
      Stream.concat(
              requirements(List.of("spec", "resources")),
              Stream.of(
                  List.of("status", "capacity", EACH_VALUE),
                  List.of("status", "allocatedResources", EACH_VALUE)))
          .toList();

  private static final List<String> METRIC_SOURCES =
      List.of("resource", "containerResource", "pods", "object", "external");

  private static final List<List<String>> AUTOSCALER =
      METRIC_SOURCES.stream()
          .flatMap(
              source ->
                  Stream.of("value", "averageValue")
                      .flatMap(
                          value ->
                              Stream.of(
                                  List.of("spec", "metrics", EACH_ELEMENT, source, "target", value),
                                  List.of(
                                      "status",
                                      "currentMetrics",
                                      EACH_ELEMENT,
                                      source,
                                      "current",
                                      value))))
          .toList();

  /** By apiVersion and kind. */
  private static final Map<String, List<List<String>>> BY_KIND =
      Map.ofEntries(
          Map.entry("v1/Pod", under(List.of("spec"), POD_SPEC)),
          Map.entry("v1/PodTemplate", under(List.of("template", "spec"), POD_SPEC)),
          Map.entry("v1/ReplicationController", workload()),
          Map.entry("apps/v1/Deployment", workload()),
          Map.entry("apps/v1/ReplicaSet", workload()),
          Map.entry("apps/v1/DaemonSet", workload()),
          Map.entry(
              "apps/v1/StatefulSet",
              Stream.concat(
                      workload().stream(),
                      under(List.of("spec", "volumeClaimTemplates", EACH_ELEMENT), CLAIM).stream())
                  .toList()),
          Map.entry("batch/v1/Job", workload()),
          Map.entry(
              "batch/v1/CronJob",
              under(List.of("spec", "jobTemplate", "spec", "template", "spec"), POD_SPEC)),
          Map.entry("v1/PersistentVolumeClaim", CLAIM),
          Map.entry("v1/PersistentVolume", List.of(List.of("spec", "capacity", EACH_VALUE))),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", AUTOSCALER),
          Map.entry(
              "v1/ResourceQuota",
              List.of(
                  List.of("spec", "hard", EACH_VALUE),
                  List.of("status", "hard", EACH_VALUE),
                  List.of("status", "used", EACH_VALUE))),
          Map.entry(
              "v1/LimitRange",
              Stream.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")
                  .map(k -> List.of("spec", "limits", EACH_ELEMENT, k, EACH_VALUE))
                  .toList()));

  private QuantityFields() {}

  /** Rewrites every quantity of {@code object} in canonical form. */
  static void canonicalize(ObjectNode object) {
    String key = Json.text(object, "apiVersion") + "/" + Json.text(object, "kind");
    for (List<String> path : BY_KIND.getOrDefault(key, List.of())) {
      visit(object, path, 0, new ArrayList<>());
    }
  }

  private static void visit(JsonNode node, List<String> path, int i, List<String> where) {
    String segment = path.get(i);
    boolean last = i == path.size() - 1;
    if (EACH_ELEMENT.equals(segment)) {
      if (node instanceof ArrayNode list) {
        for (int index = 0; index < list.size(); index++) {
          where.add(String.valueOf(index));
          visit(list.get(index), path, i + 1, where);
          where.remove(where.size() - 1);
        }
      }
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    List<String> keys = new ArrayList<>();
    if (EACH_VALUE.equals(segment)) {
      object.fieldNames().forEachRemaining(keys::add);
    } else {
      keys.add(segment);
    }
    for (String key : keys) {
      JsonNode child = object.get(key);
      if (child == null || child.isNull()) {
        continue;
      }
      where.add(key);
      if (last) {
        object.set(key, canonical(child, where));
      } else {
        visit(child, path, i + 1, where);
      }
      where.remove(where.size() - 1);
    }
  }

  private static TextNode canonical(JsonNode value, List<String> where) {
    try {
      if (!value.isTextual() && !value.isNumber()) {
        throw new IllegalArgumentException("must be a quantity");
      }
      return TextNode.valueOf(CanonicalQuantity.of(value.asText()));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          String.join(".", where)
              + ": Invalid value: \""
              + value.asText()
              + "\": "
              + e.getMessage());
    }
  }

  private static List<List<String>> workload() {
    return under(List.of("spec", "template", "spec"), POD_SPEC);
  }

  private static Stream<List<String>> requirements(List<String> resources) {
    return Stream.of("requests", "limits").map(k -> concat(resources, List.of(k, EACH_VALUE)));
  }

  private static List<List<String>> under(List<String> prefix, List<List<String>> paths) {
    return paths.stream().map(p -> concat(prefix, p)).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
