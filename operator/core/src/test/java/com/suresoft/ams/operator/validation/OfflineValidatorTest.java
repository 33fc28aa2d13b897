package com.suresoft.ams.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.TestPlatforms;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OfflineValidatorTest {
  static Stream<String> samples() throws Exception {
    return Files.list(TestInstances.projectRoot().resolve("samples"))
        .filter(p -> p.toString().endsWith(".yaml"))
        .map(p -> p.getFileName().toString());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleIsValidUnderTheChartsDefaults(String sample) throws Exception {
    var document =
        new YAMLMapper()
            .readTree(TestInstances.projectRoot().resolve("samples").resolve(sample).toFile());
    // The release samples name the in-cluster Prometheus the chart's defaults list.
    assertThat(OfflineValidator.forAmsInstance(TestPlatforms.CHART_DEFAULTS).validate(document))
        .isEmpty();
  }
}
