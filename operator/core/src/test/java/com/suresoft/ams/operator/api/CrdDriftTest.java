package com.suresoft.ams.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The CRD committed under crd/ is what users and GitOps repos install, so it must be exactly what
 * the build generates from the Java model.
 */
class CrdDriftTest {

  static final String REGENERATE_COMMAND = "hack/update-crd.sh";

  /**
   * Every committed copy; hack/update-crd.sh's CRD_COPIES lists the same directories. The chart's
   * templates/crds.yaml renders its copy (ChartCrdTest).
   */
  static final List<String> COPIES = List.of("crd", "charts/ams-operator/files");

  @ParameterizedTest
  @FieldSource("COPIES")
  void committedCrdEqualsTheGeneratedOne(String directory) throws IOException {
    Path committed = ProjectRoot.path().resolve(directory).resolve(AmsInstanceCrd.FILE_NAME);
    byte[] generated = generatedCrd();

    assertThat(committed).as("committed CRD").exists();
    byte[] committedBytes = Files.readAllBytes(committed);
    // withFailMessage, not isEqualTo(bytes): a byte dump of two CRDs helps nobody.
    assertThat(Arrays.equals(committedBytes, generated))
        .withFailMessage(
            "%s/%s differs from the CRD generated from the Java model (%s).%nFrom the"
                + " repository root, regenerate it with: %s; then commit %s/.",
            directory,
            AmsInstanceCrd.FILE_NAME,
            FirstDifference.describe(
                new String(committedBytes, StandardCharsets.UTF_8),
                new String(generated, StandardCharsets.UTF_8)),
            REGENERATE_COMMAND,
            directory)
        .isTrue();
  }

  @Test
  void updateScriptCopiesToEveryCheckedPlace() throws IOException {
    String script = Files.readString(ProjectRoot.path().resolve(REGENERATE_COMMAND));
    String copies =
        script.substring(
            script.indexOf("CRD_COPIES=("), script.indexOf(")", script.indexOf("CRD_COPIES=(")));
    assertThat(copies.lines().skip(1).map(String::trim).filter(l -> !l.isEmpty()).toList())
        .as("CRD_COPIES in %s", REGENERATE_COMMAND)
        .containsExactlyInAnyOrderElementsOf(COPIES);
  }

  private static byte[] generatedCrd() throws IOException {
    String resource = AmsInstanceCrd.CLASSPATH_DIRECTORY + AmsInstanceCrd.FILE_NAME;
    try (InputStream in = CrdDriftTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("generated CRD %s on the test classpath", resource).isNotNull();
      return in.readAllBytes();
    }
  }
}
