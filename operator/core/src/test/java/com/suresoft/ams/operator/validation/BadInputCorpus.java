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
 * field:} header line, the field its error must name, and in a {@code # stopped-by:} line what
 * stops it on a cluster.
 */
public record BadInputCorpus(Path file, String field, StoppedBy stoppedBy, JsonNode document) {

  /** What stops a bad instance on a cluster whose CRD is the operator's. */
  public enum StoppedBy {
    /** The API server refuses the write: the CRD's schema or CEL rules (422 Invalid). */
    API_SERVER,
    /** The API server stores it; the operator's own validation refuses it (InvalidSpec). */
    OPERATOR,
    /**
     * An unknown field: a server without strict field validation drops it (kubectl's strict
     * validation refuses it), and the operator's typed client never sends it.
     */
    DROPPED;

    static StoppedBy parse(String header) {
      return valueOf(header.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }

  public static Path directory() {
    return TestInstances.projectRoot().resolve("operator/core/src/test/resources/bad-input");
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
      String field = header(file, text, "# field: ");
      StoppedBy stoppedBy = StoppedBy.parse(header(file, text, "# stopped-by: "));
      return new BadInputCorpus(file, field, stoppedBy, new YAMLMapper().readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String header(Path file, String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()).trim())
        .orElseThrow(
            () -> new IllegalStateException(file + " has no '" + prefix.trim() + "' line"));
  }

  @Override
  public String toString() {
    return file.getFileName().toString();
  }
}
