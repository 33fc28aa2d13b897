package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plugin offers the client verbs and nothing of the operator's own. */
class KubectlAmsTest {

  @Test
  void offersOnlyTheClientVerbs() {
    assertThat(KubectlAms.commandLine().getSubcommands().keySet())
        .containsExactlyInAnyOrder("status", "list", "promote", "abort", "retry")
        .doesNotContain("run", "render", "validate", "demo");
  }

  @Test
  void theOperatorsVerbsAreUnknownCommands() {
    for (String verb : new String[] {"run", "render", "validate", "demo"}) {
      var run = Cli.plain(verb);
      assertThat(run.exit()).as(verb).isEqualTo(64);
      assertThat(run.err()).as(verb).contains("Unmatched argument at index 0: '" + verb + "'");
    }
    var help = Cli.plain("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("status", "list", "promote", "abort", "retry");
    assertThat(help.out()).doesNotContain("  run ", "  render ", "  validate ");
  }

  @Test
  void aMistypedFlagIsAUsageErrorNotATimeout() {
    var run = Cli.plain("status", "ams", "--timout", "15m");
    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.err()).contains("--timout");
  }

  @Test
  void statusHelpListsItsExitCodes() {
    var run = Cli.plain("status", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("Exit codes:")
        .containsPattern("0\\s+shown; with --timeout: Ready")
        .containsPattern("2\\s+--timeout ended first");
  }
}
