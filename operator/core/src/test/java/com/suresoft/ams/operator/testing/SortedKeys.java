package com.suresoft.ams.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds JSON objects whose keys are not sorted: output built from {@code Map.of} iterates in a
 * per-JVM order, so text that must be the same in every run (a stored string, render output) has to
 * come out with sorted keys.
 */
public final class SortedKeys {
  private SortedKeys() {}

  /** The paths (and key lists) of objects under {@code node} whose keys are out of order. */
  public static List<String> unsorted(JsonNode node) {
    var found = new ArrayList<String>();
    collect(node, "$", found);
    return found;
  }

  private static void collect(JsonNode node, String path, List<String> found) {
    if (node.isObject()) {
      var names = new ArrayList<String>();
      node.fieldNames().forEachRemaining(names::add);
      if (!names.equals(names.stream().sorted().toList())) {
        found.add(path + " " + names);
      }
      node.fields().forEachRemaining(e -> collect(e.getValue(), path + "." + e.getKey(), found));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", found);
      }
    }
  }
}
