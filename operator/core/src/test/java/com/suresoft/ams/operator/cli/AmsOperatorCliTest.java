package com.suresoft.ams.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AmsOperatorCliTest {

  @Test
  void onOneOrTwoProcessorsTheCommonPoolGetsTwoThreadsNotAThreadPerTask() {
    assertThat(AmsOperatorCli.commonPoolParallelism(null, 1)).contains("2");
    assertThat(AmsOperatorCli.commonPoolParallelism(null, 2)).contains("2");
  }

  @Test
  void onMoreProcessorsOrWhenTheUserSetItTheJvmsChoiceIsKept() {
    assertThat(AmsOperatorCli.commonPoolParallelism(null, 3)).isEmpty();
    assertThat(AmsOperatorCli.commonPoolParallelism("1", 2)).isEmpty();
  }
}
