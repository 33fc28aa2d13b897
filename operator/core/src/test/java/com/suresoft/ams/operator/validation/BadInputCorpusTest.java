package com.suresoft.ams.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.cli.AmsOperatorCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the corpus is refused offline, with an error on the field the case names. */
class BadInputCorpusTest {
  private static OfflineValidator validator;

  @BeforeAll
  static void load() {
    validator = OfflineValidator.forAmsInstance();
  }

  static List<BadInputCorpus> cases() {
    return BadInputCorpus.all();
  }

  @Test
  void theCorpusHasAtLeastFortyCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validatorNamesTheField(BadInputCorpus c) {
    assertThat(validator.validate(c.document()))
        .extracting(FieldError::field)
        .as(c.file() + " must be refused on " + c.field())
        .contains(c.field());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validateCommandExitsNonZeroWithOneLinePerError(BadInputCorpus c) {
    var out = new StringWriter();
    int exit =
        AmsOperatorCli.execute(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "validate",
            "-f",
            c.file().toString());
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .isNotEmpty()
        .allMatch(l -> l.startsWith(c.file() + ": "))
        .anyMatch(l -> l.startsWith(c.file() + ": " + c.field() + ": "));
  }
}
