package com.suresoft.ams.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ComponentStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.InstanceModel;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the client commands show instances: the readable block of {@code status}, the row of {@code
 * list}, and the document both print for {@code -o json|yaml}. Pure: the instance as read (and, for
 * an age, the time) is the only input.
 */
public final class StatusView {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StatusView() {}

  /** The instance as a block of aligned lines: phase, URL, components, release, conditions. */
  public static String table(AmsInstance instance) {
    var sw = new StringWriter();
    var out = new PrintWriter(sw);
    var meta = instance.getMetadata();
    var status = instance.getStatus();
    out.printf(
        "%s/%s  %s  ready %s%n",
        meta.getNamespace(),
        meta.getName(),
        status == null || status.getPhase() == null ? "(no status yet)" : status.getPhase(),
        status == null || status.getReady() == null ? "-" : status.getReady());
    if (instance.getSpec() != null && instance.getSpec().getVersion() != null) {
      out.printf("  version    %s%n", instance.getSpec().getVersion());
    }
    if (status != null && status.getUrl() != null) {
      out.printf("  url        %s%n", status.getUrl());
    }
    components(out, status);
    var unreadable = instance.unreadable();
    if (unreadable.isPresent()) {
      // No spec to describe a release by; the reason, and the conditions, say what is wrong.
      out.printf("  unreadable %s: %s%n", unreadable.get().field(), unreadable.get().message());
    } else {
      release(out, instance);
    }
    conditions(out, status);
    out.flush();
    return sw.toString();
  }

  private static void components(PrintWriter out, AmsInstanceStatus status) {
    if (status == null || status.getComponents() == null || status.getComponents().isEmpty()) {
      return;
    }
    out.println("  components");
    var rows = new ArrayList<List<String>>();
    rows.add(List.of("NAME", "READY", "VERSION"));
    new TreeMap<>(status.getComponents())
        .forEach(
            (name, c) ->
                rows.add(
                    List.of(
                        name,
                        c.getReady() == null ? "-" : c.getReady(),
                        c.getVersion() == null ? "-" : c.getVersion())));
    columns(out, "    ", rows);
  }

  private static void release(PrintWriter out, AmsInstance instance) {
    var status = instance.getStatus();
    var spec = InstanceModel.of(instance).spec();
    ReleaseStatus r = status == null ? null : status.getRelease();
    String strategy =
        r != null && r.getStrategy() != null
            ? r.getStrategy()
            : spec.getRelease().getStrategy().name();
    out.println("  release");
    out.printf(
        "    strategy   %s%s%n",
        strategy,
        "Canary".equals(strategy)
            ? " via " + spec.getRelease().getCanary().getTrafficRouter()
            : "");
    if (r == null) {
      out.printf("    phase      none yet (spec.version %s)%n", spec.getVersion());
      return;
    }
    out.printf(
        "    phase      %s%s%n",
        r.getPhase(), r.getSummary() == null ? "" : "  (" + r.getSummary() + ")");
    if (r.getStepIndex() != null && "Canary".equals(strategy)) {
      int n = spec.getRelease().getCanary().getSteps().size();
      out.printf("    step       %d/%d%n", Math.min(r.getStepIndex() + 1, n), n);
    }
    if (r.getCanaryWeight() != null) {
      out.printf(
          "    weight     %d%% routed to the candidate%s%n",
          r.getCanaryWeight(),
          r.getStepWeight() != null && !r.getStepWeight().equals(r.getCanaryWeight())
              ? " (step " + r.getStepWeight() + "%, the rest waits for ready pods)"
              : "");
    }
    var active = r.getActiveSlot();
    out.printf(
        "    stable     %s in slot %s%n",
        r.getStableVersion() == null ? "-" : r.getStableVersion(), active == null ? "-" : active);
    if (r.getCandidateVersion() != null) {
      out.printf(
          "    candidate  %s in slot %s%n",
          r.getCandidateVersion(), active == null ? "-" : active.other());
    }
    if (r.getStartedAt() != null && r.getCandidateVersion() != null) {
      out.printf("    started    %s%n", r.getStartedAt());
    }
    if (r.getCanaryHeader() != null) {
      out.printf("    header     %s%n", r.getCanaryHeader());
    }
    if (r.getLastAnalysis() != null) {
      out.printf(
          "    analysis   %s (%s failed)%n",
          r.getLastAnalysis(), r.getAnalysisFailures() == null ? 0 : r.getAnalysisFailures());
    }
    if (r.getMessage() != null) {
      out.printf("    message    %s%n", r.getMessage());
    }
  }

  private static void conditions(PrintWriter out, AmsInstanceStatus status) {
    if (status == null || status.getConditions() == null || status.getConditions().isEmpty()) {
      return;
    }
    out.println("  conditions");
    var rows = new ArrayList<List<String>>();
    rows.add(List.of("TYPE", "STATUS", "REASON", "MESSAGE"));
    for (Condition c : status.getConditions()) {
      rows.add(
          List.of(
              c.getType(),
              String.valueOf(c.getStatus()),
              c.getReason() == null ? "" : c.getReason(),
              c.getMessage() == null ? "" : c.getMessage()));
    }
    columns(out, "    ", rows);
  }

  /** One line per instance for {@code list}; the first row is the header. */
  public static List<List<String>> rows(List<AmsInstance> instances, Instant now) {
    var rows = new ArrayList<List<String>>();
    rows.add(List.of("NAMESPACE", "NAME", "PHASE", "VERSION", "RELEASE", "URL", "AGE"));
    for (var i : instances) {
      var meta = i.getMetadata();
      var status = i.getStatus();
      var release = status == null ? null : status.getRelease();
      rows.add(
          List.of(
              meta.getNamespace(),
              meta.getName(),
              status == null || status.getPhase() == null ? "-" : status.getPhase().name(),
              i.getSpec() == null || i.getSpec().getVersion() == null
                  ? "-"
                  : i.getSpec().getVersion(),
              release == null || release.getPhase() == null
                  ? "-"
                  : release.getSummary() == null
                          || release.getPhase().name().equals(release.getSummary())
                      ? release.getPhase().name()
                      : release.getPhase() + " (" + release.getSummary() + ")",
              status == null || status.getUrl() == null ? "-" : status.getUrl(),
              meta.getCreationTimestamp() == null
                  ? "-"
                  : Durations.age(
                      Duration.between(Instant.parse(meta.getCreationTimestamp()), now))));
    }
    return rows;
  }

  /** {@code rows} in columns two spaces apart, each line after {@code indent}. */
  public static void columns(PrintWriter out, String indent, List<List<String>> rows) {
    int[] width = new int[rows.get(0).size()];
    for (var row : rows) {
      for (int c = 0; c < row.size(); c++) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    for (var row : rows) {
      var line = new StringBuilder(indent);
      for (int c = 0; c < row.size(); c++) {
        line.append(row.get(c));
        if (c < row.size() - 1) {
          line.append(" ".repeat(width[c] - row.get(c).length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /**
   * The instance for scripts: what {@code status} shows, as fields, plus the verdict {@code
   * --timeout} would reach now ({@code state}: DONE, FAILED or WAITING).
   */
  public static Map<String, Object> document(AmsInstance instance, Verdict.Goal goal) {
    var meta = instance.getMetadata();
    var status = instance.getStatus();
    var doc = new LinkedHashMap<String, Object>();
    doc.put("name", meta.getName());
    doc.put("namespace", meta.getNamespace());
    doc.put("generation", meta.getGeneration());
    if (instance.getSpec() != null) {
      doc.put("version", instance.getSpec().getVersion());
    }
    if (status != null) {
      doc.put("observedGeneration", status.getObservedGeneration());
      doc.put("phase", status.getPhase());
      doc.put("ready", status.getReady());
      doc.put("url", status.getUrl());
      if (status.getComponents() != null) {
        var components = new TreeMap<String, ComponentStatus>(status.getComponents());
        doc.put("components", components);
      }
      doc.put("release", status.getRelease());
      doc.put("conditions", status.getConditions());
    }
    var verdict = Verdict.of(instance, goal);
    var state = new LinkedHashMap<String, String>();
    state.put("state", verdict.state().name());
    state.put("reason", verdict.reason());
    doc.put("verdict", state);
    doc.values().removeIf(v -> v == null);
    return doc;
  }

  public static String json(Object document) {
    return SERIALIZATION.asJson(document);
  }

  public static String yaml(Object document) {
    return SERIALIZATION.asYaml(document);
  }

  /** {@code document} in {@code format} (not table), without null fields, ending with a newline. */
  public static String format(Object document, OutputFormat format) {
    JsonNode tree = SERIALIZATION.convertValue(document, JsonNode.class);
    prune(tree);
    String text = format == OutputFormat.json ? json(tree) : yaml(tree);
    return text.endsWith("\n") ? text : text + "\n";
  }

  /** Drops null fields: a status leaves most of its fields unset. */
  private static void prune(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var names = new ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (object.get(name).isNull()) {
          object.remove(name);
        } else {
          prune(object.get(name));
        }
      }
    } else if (node.isArray()) {
      node.forEach(StatusView::prune);
    }
  }
}
