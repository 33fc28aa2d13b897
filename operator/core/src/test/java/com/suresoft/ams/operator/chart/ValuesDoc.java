package com.suresoft.ams.operator.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The table of a chart's values from the comments of its values.yaml, in helm-docs' convention: a
 * comment that starts with {@code # --} documents the key on the line below it, and the {@code #}
 * lines right after it continue the description; {@code # -- (list) ...} names the type where the
 * default does not show it (a null). A documented map is one row and documents the keys under it; a
 * key under it may still have its own row. Other comments are notes for the reader of values.yaml
 * and stay out of the table.
 *
 * <p>Only what charts/ams-operator/values.yaml uses: block mappings, indented by spaces, one key
 * per line; lists and flow collections only as values.
 */
final class ValuesDoc {
  private static final Pattern DOC = Pattern.compile("^\\s*# --(?:\\s+\\(([\\w/]+)\\))?\\s?(.*)$");
  private static final Pattern COMMENT = Pattern.compile("^\\s*#\\s?(.*)$");
  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(?:\\s.*)?$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One documented value. */
  record Row(String key, String type, String defaultValue, String description) {}

  /** What the comments say: the rows, and the keys that nothing documents. */
  record Result(List<Row> rows, List<String> undocumented) {}

  private ValuesDoc() {}

  static Result parse(String valuesYaml) {
    JsonNode values;
    try {
      values = YAML.readTree(valuesYaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("values.yaml does not parse", e);
    }
    var rows = new ArrayList<Row>();
    var undocumented = new ArrayList<String>();
    // The keys above the current line: their indent, path and whether a comment documents them.
    Deque<Parent> parents = new ArrayDeque<>();
    StringBuilder pending = null;
    String pendingType = null;
    // After a key whose value is not a map: the lines indented deeper are that value.
    int valueOf = -1;
    for (String line : valuesYaml.lines().toList()) {
      int lineIndent = line.length() - line.stripLeading().length();
      if (valueOf >= 0 && !line.isBlank() && lineIndent > valueOf) {
        continue;
      }
      valueOf = -1;
      Matcher doc = DOC.matcher(line);
      Matcher comment = COMMENT.matcher(line);
      Matcher key = KEY.matcher(line);
      if (doc.matches()) {
        pending = new StringBuilder(doc.group(2).trim());
        pendingType = doc.group(1);
      } else if (comment.matches()) {
        if (pending != null) {
          pending.append(' ').append(comment.group(1).trim());
        }
      } else if (key.matches()) {
        int indent = key.group(1).length();
        while (!parents.isEmpty() && parents.peek().indent() >= indent) {
          parents.pop();
        }
        String path = parents.isEmpty() ? key.group(2) : parents.peek().path() + "." + key.group(2);
        boolean covered = parents.stream().anyMatch(Parent::documented);
        JsonNode value = values.at("/" + path.replace(".", "/"));
        if (pending != null) {
          rows.add(
              new Row(
                  path,
                  pendingType != null ? pendingType : type(value),
                  json(value),
                  pending.toString().trim()));
        } else if (!covered && !(value.isObject() && value.size() > 0)) {
          // A leaf (or an empty map) that no comment describes; a map with keys is described by
          // its keys' rows.
          undocumented.add(path);
        }
        parents.push(new Parent(indent, path, pending != null));
        if (!value.isObject()) {
          valueOf = indent;
        }
        pending = null;
        pendingType = null;
      } else if (line.isBlank()) {
        pending = null;
        pendingType = null;
      }
      // Anything else is part of a value (a list item, a continued flow collection).
    }
    return new Result(rows, undocumented);
  }

  /** The Markdown table. */
  static String markdown(List<Row> rows) {
    var out = new StringBuilder();
    out.append("| Key | Type | Default | Description |\n");
    out.append("| --- | --- | --- | --- |\n");
    for (Row row : rows) {
      out.append("| `")
          .append(row.key())
          .append("` | ")
          .append(row.type())
          .append(" | ")
          .append(code(row.defaultValue()))
          .append(" | ")
          .append(row.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  private record Parent(int indent, String path, boolean documented) {}

  private static String type(JsonNode value) {
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "list";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    if (value.isIntegralNumber()) {
      return "int";
    }
    if (value.isNumber()) {
      return "float";
    }
    if (value.isNull() || value.isMissingNode()) {
      return "null";
    }
    return "string";
  }

  private static String json(JsonNode value) {
    try {
      return value.isMissingNode() ? "null" : JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A code span that holds any text, backticks and pipes included. */
  private static String code(String text) {
    String escaped = text.replace("|", "\\|");
    String fence = escaped.contains("`") ? "``" : "`";
    String pad = escaped.startsWith("`") || escaped.endsWith("`") ? " " : "";
    return fence + pad + escaped + pad + fence;
  }

  /** The keys of the rows, for messages. */
  static String keys(List<Row> rows) {
    return rows.stream().map(Row::key).collect(Collectors.joining(", "));
  }
}
