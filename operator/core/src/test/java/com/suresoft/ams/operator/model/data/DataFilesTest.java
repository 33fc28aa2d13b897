package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataFilesTest {

  @Test
  void aFileIsReadFromTheJarOnceAndHandedOutAsTheSameString() throws Exception {
    String first = DataFiles.read(DataFiles.TLS_WATCH);
    try (var in = DataFiles.class.getResourceAsStream("/data/" + DataFiles.TLS_WATCH)) {
      assertThat(first).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(DataFiles.read(DataFiles.TLS_WATCH)).isSameAs(first);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> DataFiles.read("no-such-file.sh"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("data/no-such-file.sh");
  }
}
