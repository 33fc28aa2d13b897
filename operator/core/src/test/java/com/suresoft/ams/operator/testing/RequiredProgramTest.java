package com.suresoft.ams.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredProgramTest {

  @Test
  void aMissingProgramSkipsOnALaptopAndFailsOnCi() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    assertThatThrownBy(() -> RequiredProgram.require("ams-no-such-program"))
        .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
        .hasMessageContaining("ams-no-such-program is not installed");
  }

  @Test
  void aPresentProgramIsFound() {
    assertThat(RequiredProgram.require("sh")).isExecutable();
  }
}
