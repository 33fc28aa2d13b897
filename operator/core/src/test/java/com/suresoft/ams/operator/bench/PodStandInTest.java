package com.suresoft.ams.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.suresoft.ams.operator.chart.Chart;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's operator process runs in the pod the chart's defaults give it. */
class PodStandInTest {

  @Test
  void theProcessGetsTheChartsMemoryLimitAndTheImagesJvmFlags() throws IOException {
    var values =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(Chart.directory().resolve("values.yaml")));
    var limit = new Quantity(values.path("resources").path("limits").path("memory").asText());

    assertThat(jvmBytes(OperatorJarProcess.POD_MEMORY))
        .isEqualTo(Quantity.getAmountInBytes(limit).longValueExact());
    assertThat(OperatorJarProcess.POD_JVM_FLAGS)
        .contains("-XX:MaxRAM=" + OperatorJarProcess.POD_MEMORY)
        .containsAll(imageFlags())
        .anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="));
  }

  /** A JVM size ({@code 512m}, {@code 1g}) in bytes. */
  private static long jvmBytes(String size) {
    long unit =
        switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> throw new IllegalArgumentException(size);
        };
    return new BigDecimal(size.substring(0, size.length() - 1))
        .multiply(BigDecimal.valueOf(unit))
        .longValueExact();
  }

  /** The image's JVM flags, as Jib's jvmFlags in the pom give them. */
  private static List<String> imageFlags() throws IOException {
    var pom =
        Files.readString(
            Chart.directory().getParent().getParent().resolve("operator/core/pom.xml"));
    var flags =
        java.util.regex.Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>")
            .matcher(pom)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(flags).as("the image's JVM flags in operator/core/pom.xml").isNotEmpty();
    return flags;
  }
}
