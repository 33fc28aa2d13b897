package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.operator.testing.RequiredProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Argo CD health check, run by Debian's lua5.4 against sample AmsInstance statuses. */
class ArgoCdHealthTest {

  /** Argo CD's status for each phase the operator reports (condition Ready as that phase has). */
  static final Map<Phase, String> EXPECTED = new EnumMap<>(Phase.class);

  static {
    EXPECTED.put(Phase.Ready, "Healthy");
    EXPECTED.put(Phase.Provisioning, "Progressing");
    EXPECTED.put(Phase.Progressing, "Progressing");
    EXPECTED.put(Phase.Paused, "Suspended");
    EXPECTED.put(Phase.Degraded, "Degraded");
    EXPECTED.put(Phase.Failed, "Degraded");
  }

  @TempDir Path dir;

  @Test
  void everyPhaseMapsToItsArgoCdStatus() throws Exception {
    assertThat(EXPECTED.keySet())
        .as("every Phase has an expected health")
        .containsAll(List.of(Phase.values()));
    for (var entry : EXPECTED.entrySet()) {
      Phase phase = entry.getKey();
      boolean ready = phase == Phase.Ready;
      var result = health(instance(3L, 3L, phase, ready, phase.name(), "summary of " + phase));
      assertThat(result).as("phase %s", phase).startsWith(entry.getValue() + "\t");
    }
  }

  @Test
  void invalidSpecIsDegradedWithTheValidationMessage() throws Exception {
    var result =
        health(
            instance(
                2L,
                2L,
                Phase.Failed,
                false,
                Reasons.INVALID_SPEC,
                "spec.web.replicas: must be at least 1"));
    assertThat(result).isEqualTo("Degraded\tInvalid spec: spec.web.replicas: must be at least 1");
  }

  @Test
  void readyMessageIsPassedOn() throws Exception {
    assertThat(health(instance(1L, 1L, Phase.Ready, true, "Ready", "3/3 components ready")))
        .isEqualTo("Healthy\t3/3 components ready");
  }

  @Test
  void anUnobservedGenerationIsProgressingWhateverThePhase() throws Exception {
    assertThat(health(instance(4L, 3L, Phase.Ready, true, "Ready", "ok")))
        .startsWith("Progressing\tWaiting for the operator to observe generation 4");
  }

  @Test
  void noStatusYetIsProgressing() throws Exception {
    var obj = new LinkedHashMap<String, Object>();
    obj.put("metadata", Map.of("name", "ams", "generation", 1L));
    assertThat(health(obj)).startsWith("Progressing\t");
  }

  private static Map<String, Object> instance(
      long generation, long observed, Phase phase, boolean ready, String reason, String message) {
    var condition = new LinkedHashMap<String, Object>();
    condition.put("type", Conditions.READY);
    condition.put("status", ready ? "True" : "False");
    condition.put("reason", reason);
    condition.put("message", message);
    var status = new LinkedHashMap<String, Object>();
    status.put("observedGeneration", observed);
    status.put("phase", phase.name());
    status.put("conditions", List.of(condition));
    var obj = new LinkedHashMap<String, Object>();
    obj.put("metadata", Map.of("name", "ams", "generation", generation));
    obj.put("status", status);
    return obj;
  }

  /** Runs the check as Argo CD does (global obj) and returns "status\tmessage". */
  private String health(Map<String, Object> obj) throws IOException, InterruptedException {
    Path lua = RequiredProgram.require("lua5.4");
    Path check = Chart.directory().resolve("health").resolve("amsinstance.lua");
    Path runner = dir.resolve("run.lua");
    Files.writeString(
        runner,
        "obj = "
            + literal(obj)
            + "\nlocal hs = dofile("
            + literal(check.toString())
            + ")\nio.write(hs.status, \"\\t\", hs.message or \"\")\n");
    var process =
        new ProcessBuilder(lua.toString(), runner.toString()).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("lua5.4 output: %s", out).isZero();
    return out;
  }

  private static String literal(Object value) {
    if (value instanceof Map<?, ?> map) {
      var sb = new StringBuilder("{");
      map.forEach(
          (k, v) -> sb.append("[").append(literal(k)).append("]=").append(literal(v)).append(","));
      return sb.append("}").toString();
    }
    if (value instanceof List<?> list) {
      var sb = new StringBuilder("{");
      list.forEach(v -> sb.append(literal(v)).append(","));
      return sb.append("}").toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
