package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.release.EventReasons;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md explains every reason the operator can set, and nothing else: the
 * condition reasons are the constants of {@link Reasons}, the release's Event reasons those of
 * {@link EventReasons} (read by reflection, so a new constant needs its row), and a scan of the
 * sources that set conditions and record Events finds no reason-like literal outside those owners
 * (so a new reason cannot bypass them).
 */
class TroubleshootingTableTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** A literal that looks like a reason or condition type: one CamelCase word. */
  private static final Pattern WORD = Pattern.compile("[A-Z][A-Za-z0-9]+");

  /** Where conditions are set and Events recorded, under the operator's main sources. */
  private static final List<String> SCANNED =
      List.of("status", "release", "controller", "events", "dependent", "cache");

  /** The owners: each holds one vocabulary. */
  private static final Set<String> OWNERS =
      Set.of("status/Reasons.java", "release/EventReasons.java", "status/Conditions.java");

  /** CamelCase literals that are not reasons, each where it is and why it is not one. */
  private static final Map<String, Set<String>> NOT_REASONS =
      Map.of(
          // the optional integrations' condition types (their reasons are in Reasons), and a
          // word of a message
          "status/Integrations.java",
          Set.of("Monitoring", "Secrets", "Routing", "EdgeTrafficSplit", "ServiceMonitors"),
          // a Job's condition types and status, as the Job controller writes them
          "release/Observed.java",
          Set.of("Complete", "Failed", "True"),
          // status.release.summary, the release column of kubectl get ams
          "release/ReleasePlanner.java",
          Set.of("Stable", "Migrating", "Promoting", "Aborted", "Failed", "RollingUpdate"),
          // why a metric check could not run: part of the AnalysisError Event's message
          "release/analysis/PrometheusError.java",
          Set.of("PrometheusUnreachable", "PrometheusHTTPError", "QueryFailed"),
          // kinds and a managedFields operation
          "controller/actions/ReleaseJobRunner.java",
          Set.of("Job"),
          "controller/actions/ReplicaHandover.java",
          Set.of("Deployment", "Apply"),
          "controller/crds/OptionalKinds.java",
          Set.of("Certificate", "Issuer", "ServiceMonitor", "PrometheusRule", "ExternalSecret"),
          // a Pod's Ready condition
          "events/RelevantChanges.java",
          Set.of("Ready", "True"),
          "dependent/AppSecretDependent.java",
          Set.of("Secret"),
          "dependent/DataTlsSecretsDependent.java",
          Set.of("Secret"));

  @Test
  void everyConditionReasonHasItsRowAndEveryRowItsReason() throws IOException {
    var documented = column(section("Condition reasons"), 2);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(constants(Reasons.class));
  }

  @Test
  void everyConditionTypeIsInTheTable() throws IOException {
    var types = new TreeSet<String>(constants(Conditions.class));
    types.addAll(constants(Integrations.class));
    var documented = new TreeSet<String>();
    for (var row : section("Condition reasons")) {
      Arrays.stream(row.get(0).split(",")).map(String::trim).forEach(documented::add);
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(types);
  }

  @Test
  void everyReleaseEventReasonHasItsRowAndEveryRowItsReason() throws IOException {
    var documented = column(section("Events"), 0);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(constants(EventReasons.class));
  }

  @Test
  void noReasonLiteralOutsideItsOwner() throws IOException {
    Path main =
        TestInstances.projectRoot()
            .resolve("operator/core/src/main/java/com/suresoft/ams/operator");
    var found = new ArrayList<String>();
    for (String pkg : SCANNED) {
      try (Stream<Path> files = Files.walk(main.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String relative = main.relativize(file).toString().replace('\\', '/');
          if (OWNERS.contains(relative)) {
            continue;
          }
          var allowed = NOT_REASONS.getOrDefault(relative, Set.of());
          for (String literal : literals(Files.readString(file))) {
            if (WORD.matcher(literal).matches() && !allowed.contains(literal)) {
              found.add(relative + ": \"" + literal + "\"");
            }
          }
        }
      }
    }
    assertThat(found)
        .as(
            "a reason belongs in Reasons (conditions) or EventReasons (release Events), a condition"
                + " type in Conditions; anything else goes in NOT_REASONS with why")
        .isEmpty();
  }

  @Test
  void theScanSeesLiteralsButNotCommentsOrTextBlocks() {
    String source =
        "class A { // \"InComment\"\n"
            + " /* \"InBlock\" */ String a = \"Reason\", b = \"x \\\"Quoted\\\"\";"
            + " char c = '\"'; String d = \"After\"; String t = \"\"\"\n  \"Text\"\n  \"\"\"; }";
    assertThat(literals(source)).containsExactly("Reason", "x \\\"Quoted\\\"", "After");
  }

  // ---- the document ----

  /** The rows of the first table under {@code ## heading}, header and rule left out. */
  private static List<List<String>> section(String heading) throws IOException {
    var lines = Files.readAllLines(TestInstances.projectRoot().resolve("docs/troubleshooting.md"));
    int start = lines.indexOf("## " + heading);
    assertThat(start).as("docs/troubleshooting.md has a section %s", heading).isNotNegative();
    var rows = new ArrayList<List<String>>();
    boolean header = true;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (!line.startsWith("|")) {
        if (!rows.isEmpty()) {
          break;
        }
        continue;
      }
      var cells =
          Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|"))
              .map(String::trim)
              .toList();
      if (header) {
        header = false;
      } else if (!cells.get(0).startsWith("---")) {
        rows.add(cells);
      }
    }
    assertThat(rows).as("rows under %s", heading).isNotEmpty();
    return rows;
  }

  /** The code spans ({@code `Reason`}) in column {@code index} of every row. */
  private static List<String> column(List<List<String>> rows, int index) {
    var result = new ArrayList<String>();
    for (var row : rows) {
      Matcher m = CODE.matcher(row.get(index));
      assertThat(m.find()).as("a reason in `code` in %s", row).isTrue();
      do {
        result.add(m.group(1));
      } while (m.find());
    }
    return result;
  }

  // ---- the code ----

  /** The values of {@code owner}'s public static final String fields. */
  static List<String> constants(Class<?> owner) {
    var values = new ArrayList<String>();
    for (Field f : owner.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m)
          && Modifier.isStatic(m)
          && Modifier.isFinal(m)
          && f.getType() == String.class) {
        try {
          values.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values;
  }

  /** The string literals of Java source, comments and text blocks left out (escapes kept). */
  static List<String> literals(String src) {
    var out = new ArrayList<String>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (src.startsWith("/*", i)) {
        i = src.indexOf("*/", i + 2) + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        i = src.indexOf("\"\"\"", i + 3) + 3;
      } else if (c == '"') {
        var literal = new StringBuilder();
        int j = i + 1;
        while (src.charAt(j) != '"') {
          int step = src.charAt(j) == '\\' ? 2 : 1;
          literal.append(src, j, j + step);
          j += step;
        }
        out.add(literal.toString());
        i = j + 1;
      } else if (c == '\'') {
        int j = i + (src.charAt(i + 1) == '\\' ? 3 : 2);
        while (src.charAt(j) != '\'') {
          j++;
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return out;
  }
}
