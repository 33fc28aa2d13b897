package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of field paths, as recorded in {@code metadata.managedFields[].fieldsV1}.
 *
 * <p>Simplification: every list is atomic, so a path always ends at a scalar, a list or an empty
 * map; the {@code k:}/{@code v:}/{@code i:} list-item keys of a real server are never produced.
 * Written as fieldsV1, a map field is {@code f:<key>} holding its children and a leaf is {@code
 * {}}, which is what JOSDK's SSA matcher walks.
 */
final class FieldSet {

  private static final String FIELD_PREFIX = "f:";

  private final Set<List<String>> paths = new LinkedHashSet<>();

  static FieldSet empty() {
    return new FieldSet();
  }

  /** Every leaf path of an object that lies inside the scope (null values are skipped). */
  static FieldSet leavesOf(JsonNode object, FieldScope scope) {
    FieldSet set = new FieldSet();
    if (object != null) {
      collectLeaves(object, new ArrayList<>(), scope, set);
    }
    return set;
  }

  private static void collectLeaves(
      JsonNode node, List<String> prefix, FieldScope scope, FieldSet into) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        continue;
      }
      prefix.add(field.getKey());
      if (field.getValue().isObject() && !field.getValue().isEmpty()) {
        collectLeaves(field.getValue(), prefix, scope, into);
      } else if (scope.includes(prefix)) {
        into.paths.add(List.copyOf(prefix));
      }
      prefix.remove(prefix.size() - 1);
    }
  }

  /** Reads fieldsV1; list-item keys written by a real server are read as an atomic list. */
  static FieldSet fromFieldsV1(JsonNode fieldsV1) {
    FieldSet set = new FieldSet();
    if (fieldsV1 != null && fieldsV1.isObject()) {
      readFieldsV1(fieldsV1, new ArrayList<>(), set);
    }
    return set;
  }

  private static void readFieldsV1(JsonNode node, List<String> prefix, FieldSet into) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getKey().startsWith(FIELD_PREFIX)) {
        continue;
      }
      prefix.add(field.getKey().substring(FIELD_PREFIX.length()));
      if (hasFieldChildren(field.getValue())) {
        readFieldsV1(field.getValue(), prefix, into);
      } else {
        into.paths.add(List.copyOf(prefix));
      }
      prefix.remove(prefix.size() - 1);
    }
  }

  private static boolean hasFieldChildren(JsonNode node) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      if (names.next().startsWith(FIELD_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  ObjectNode toFieldsV1() {
    ObjectNode root = Json.object();
    for (List<String> path : paths) {
      ObjectNode current = root;
      for (String key : path) {
        JsonNode child = current.get(FIELD_PREFIX + key);
        current =
            child instanceof ObjectNode existing ? existing : current.putObject(FIELD_PREFIX + key);
      }
    }
    return root;
  }

  Set<List<String>> paths() {
    return Collections.unmodifiableSet(paths);
  }

  boolean isEmpty() {
    return paths.isEmpty();
  }

  boolean contains(List<String> path) {
    return paths.contains(path);
  }

  void add(List<String> path) {
    paths.add(List.copyOf(path));
  }

  /** True when this set owns the path itself, a field inside it, or a field containing it. */
  boolean overlaps(List<String> path) {
    return paths.stream().anyMatch(owned -> isPrefix(owned, path) || isPrefix(path, owned));
  }

  void removeOverlapping(List<String> path) {
    paths.removeIf(owned -> isPrefix(owned, path) || isPrefix(path, owned));
  }

  private static boolean isPrefix(List<String> prefix, List<String> path) {
    return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && paths.equals(other.paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return paths.toString();
  }
}
