package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.suresoft.ams.operator.TestInstances;
import io.javaoperatorsdk.operator.processing.MDCUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The operator's logback.xml in both formats, through a logging context of its own (the tests' own
 * logging stays as it is): JSON is one parseable object per line, with the MDC that JOSDK sets
 * while it reconciles an instance.
 */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonIsOneObjectPerLineWithTheReconciledInstance() throws Exception {
    var instance = TestInstances.sample("development");
    instance.getMetadata().setNamespace("team-a");
    List<String> lines =
        logged(
            LogFormat.JSON,
            log -> {
              // What JOSDK does around every reconciliation.
              MDCUtils.addResourceInfo(instance);
              try {
                log.info("Reconciled {}", instance.getMetadata().getName());
                log.warn("Apply failed", new IllegalStateException("conflict\non two lines"));
              } finally {
                MDCUtils.removeResourceInfo();
              }
              log.info("outside a reconciliation");
            });

    assertThat(lines).hasSize(3);
    var objects = new ArrayList<JsonNode>();
    for (String line : lines) {
      objects.add(JSON.readTree(line));
    }
    JsonNode info = objects.get(0);
    assertThat(OffsetDateTime.parse(info.path("timestamp").asText())).isNotNull();
    assertThat(info.path("level").asText()).isEqualTo("INFO");
    assertThat(info.path("logger").asText()).isEqualTo("com.suresoft.ams.operator.test");
    assertThat(info.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(info.path("message").asText()).isEqualTo("Reconciled ams");
    assertThat(info.path("resource.namespace").asText()).isEqualTo("team-a");
    assertThat(info.path("resource.name").asText()).isEqualTo("ams");
    assertThat(info.path("resource.kind").asText()).isEqualTo("AmsInstance");
    // Settings of the logging context are not repeated in every line.
    assertThat(info.has(LogFormat.VARIABLE)).isFalse();

    JsonNode warn = objects.get(1);
    assertThat(warn.path("level").asText()).isEqualTo("WARN");
    assertThat(warn.path("exception").asText())
        .startsWith("java.lang.IllegalStateException: conflict\non two lines")
        .contains("at com.suresoft.ams.operator.cli.LogFormatTest");

    assertThat(objects.get(2).has("resource.name")).as("MDC cleared").isFalse();
  }

  @Test
  void textIsOneReadableLinePerEvent() {
    List<String> lines = logged(LogFormat.TEXT, log -> log.info("Reconciled {}", "ams"));
    assertThat(lines)
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  c\\.s\\.a\\.operator\\.test - Reconciled ams"));
  }

  @Test
  void theContextPropertyChoosesAndAMisspeltValueFallsBackToText() {
    var context = new LoggerContext();
    context.putProperty(LogFormat.VARIABLE, " JSON ");
    assertThat(LogFormat.chosen(context)).isEqualTo(LogFormat.JSON);
    context.putProperty(LogFormat.VARIABLE, "text");
    assertThat(LogFormat.chosen(context)).isEqualTo(LogFormat.TEXT);
    context.putProperty(LogFormat.VARIABLE, "yaml");
    assertThat(LogFormat.chosen(context)).isEqualTo(LogFormat.TEXT);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .anyMatch(s -> s.getLevel() == Status.WARN && s.getMessage().contains("'yaml'"));
  }

  @Test
  void configuringEitherFormatRaisesNoWarning() {
    // logback prints its status on stdout after a warning, which would corrupt render's YAML.
    for (var format : LogFormat.values()) {
      var context = new LoggerContext();
      format.apply(context);
      assertThat(context.getStatusManager().getCopyOfStatusList())
          .as("%s", format)
          .allMatch(s -> s.getLevel() == Status.INFO);
    }
  }

  @Test
  void parse() {
    assertThat(LogFormat.parse(null)).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.parse("")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.parse("Json")).isEqualTo(LogFormat.JSON);
    assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessageContaining("text or json");
  }

  /** The lines {@code body} logs through logback.xml in {@code format} (logger "...test"). */
  private static List<String> logged(LogFormat format, Consumer<Logger> body) {
    var context = new LoggerContext();
    // The MDC that org.slf4j.MDC (and so JOSDK) writes to.
    context.setMDCAdapter(MDC.getMDCAdapter());
    format.apply(context);
    var captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    // Both appenders write to System.err, looked up on every write.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.accept(context.getLogger("com.suresoft.ams.operator.test"));
    } finally {
      System.setErr(original);
      context.stop();
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
