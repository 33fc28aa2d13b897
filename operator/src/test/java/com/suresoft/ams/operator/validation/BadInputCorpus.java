package com.suresoft.ams.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.suresoft.ams.operator.TestInstances;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The invalid instances under {@code src/test/resources/bad-input}: each file names, in a {@code #
 * field:} header line, the field its error must name.
 */
public record BadInputCorpus(Path file, String field, JsonNode document) {

  public static Path directory() {
    return TestInstances.projectRoot().resolve("operator/src/test/resources/bad-input");
  }

  public static List<BadInputCorpus> all() {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(BadInputCorpus::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BadInputCorpus read(Path file) {
    try {
      String text = Files.readString(file);
      String field =
          text.lines()
              .filter(l -> l.startsWith("# field: "))
              .findFirst()
              .map(l -> l.substring("# field: ".length()).trim())
              .orElseThrow(() -> new IllegalStateException(file + " has no '# field:' line"));
      return new BadInputCorpus(file, field, new YAMLMapper().readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return file.getFileName().toString();
  }
}
