package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {

  @Test
  void parsesKubectlStyleAndIso8601() {
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("15m");
    assertThatThrownBy(() -> Durations.parse("15x")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void formatsAsKubectlDoes() {
    assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMinutes(61))).isEqualTo("1h1m");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void agesAsKubectlGetShowsThem() {
    assertThat(Durations.age(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.age(Duration.ofMinutes(12))).isEqualTo("12m");
    assertThat(Durations.age(Duration.ofHours(5))).isEqualTo("5h");
    assertThat(Durations.age(Duration.ofDays(3))).isEqualTo("3d");
    assertThat(Durations.age(Duration.ofSeconds(-5))).as("clock skew").isEqualTo("0s");
  }
}
