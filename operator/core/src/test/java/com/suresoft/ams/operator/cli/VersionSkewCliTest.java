package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The commands that read an instance written for a newer operator: {@code validate} refuses its
 * unknown fields by name (as the cluster's schema would), {@code render} warns about them and goes
 * on (as the operator does), and {@code status} shows an instance it cannot read.
 */
class VersionSkewCliTest {
  private record Run(int exit, String out, String err) {}

  private static final String INSTANCE =
      """
      apiVersion: ams.suresoft.com/v1alpha1
      kind: AmsInstance
      metadata: {name: ams, namespace: ams}
      spec:
        tier: Development
        version: "1.0.0"
      """;

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = AmsOperatorCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path file(String yaml) throws Exception {
    var file = Files.createTempFile("skew", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static final String UNKNOWN =
      INSTANCE + "  release:\n    someNewField: true\n  api:\n    anotherNewField: 3\n";

  @Test
  void validateRefusesUnknownFieldsNamingThem() throws Exception {
    var file = file(UNKNOWN);
    var run = run("validate", "-f", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains(file + ": spec.release.someNewField: unknown field")
        .contains(file + ": spec.api.anotherNewField: unknown field");
  }

  @Test
  void renderWarnsAboutUnknownFieldsAndRendersTheRest() throws Exception {
    var file = file(UNKNOWN);
    var run = run("render", "-f", file.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.err())
        .contains(file + ": warning: spec.release.someNewField: unknown field")
        .contains(file + ": warning: spec.api.anotherNewField: unknown field");
    assertThat(run.out()).contains("name: \"ams-api-blue\"");
  }

  @Test
  void renderRefusesAnInstanceItCannotRead() throws Exception {
    var file = file(INSTANCE + "  api: text\n");
    var run = run("render", "-f", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(file + ": spec.api: cannot be read by this operator version");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void statusShowsAnInstanceItCannotRead() {
    var instance =
        new KubernetesSerialization()
            .unmarshal(INSTANCE + "  api: text\nstatus:\n  phase: Failed\n", AmsInstance.class);
    assertThat(StatusView.table(instance))
        .startsWith("ams/ams  Failed")
        .contains("unreadable spec.api: cannot be read by this operator version");
  }
}
