package com.suresoft.ams.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.suresoft.ams.operator.validation.OfflineValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks AmsInstance files offline, as the cluster and the operator would. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    defaultValueProvider = RunCommand.Environment.class,
    description =
        "Check AmsInstance files offline: the CRD's schema and CEL rules, then the operator's own"
            + " rules. Prints one line per error naming the field; exits 1 if there is any.")
final class ValidateCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "YAML or JSON file (several documents allowed); repeatable.")
  List<Path> files;

  @Spec CommandSpec spec;

  // The operator's platform settings (flags or the same env as `run`): refused here what the
  // operator would refuse.
  @Mixin PlatformOptions platform = new PlatformOptions();

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var validator = OfflineValidator.forAmsInstance(platform.platform());
    int errors = 0;
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        out.println(file + ": no such file");
        errors++;
        continue;
      }
      try (MappingIterator<JsonNode> documents =
          new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
        int index = 0;
        while (documents.hasNext()) {
          JsonNode document = documents.next();
          index++;
          if (document == null || document.isNull() || document.isEmpty()) {
            continue;
          }
          String where = file + (index > 1 ? "#" + index : "");
          for (var error : validator.validate(document)) {
            out.println(where + ": " + error);
            errors++;
          }
        }
      }
    }
    out.flush();
    return errors == 0 ? 0 : 1;
  }
}
