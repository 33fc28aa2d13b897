package com.suresoft.ams.operator.chart;

import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The RBAC requests the operator made in the tests that run it against the embedded API server,
 * kept as files under {@value #DIRECTORY_PROPERTY} (operator/target/rbac-recorded, emptied before
 * every test run by the build), one file per server, one line per distinct request with the first
 * API call that needed it. {@link LeastPrivilegeProofIT} reads them after all other tests ran.
 */
public final class RecordedRequests {
  /** System property naming the directory; the build sets it (operator/core/pom.xml). */
  public static final String DIRECTORY_PROPERTY = "ams.rbacRecordDir";

  private RecordedRequests() {}

  /**
   * Appends the distinct requests {@code actor} sent, as a new file. Does nothing when the property
   * is unset (a test started outside Maven).
   */
  public static void save(RequestLog log, String actor) {
    String directory = System.getProperty(DIRECTORY_PROPERTY);
    if (directory == null) {
      return;
    }
    var requests = log.requests();
    if (!requests.isEmpty() && requests.get(0).sequence() != 0) {
      // The log dropped its oldest requests: the record would be incomplete, and a rule used only
      // by a dropped request would look unused.
      throw new IllegalStateException(
          "the request log overflowed; a test this long cannot be recorded for the RBAC proof");
    }
    var distinct = new TreeMap<RbacRequest, ApiRequest>();
    for (ApiRequest request : requests) {
      if (actor.equals(request.actor())) {
        for (RbacRequest needed : RbacRequest.of(request)) {
          distinct.putIfAbsent(needed, request);
        }
      }
    }
    var lines = new ArrayList<String>();
    distinct.forEach((needed, example) -> lines.add(needed.line() + "\t" + example));
    try {
      Path dir = Files.createDirectories(Path.of(directory));
      Files.write(Files.createTempFile(dir, "requests-", ".tsv"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every recorded request, with an API call that needed it. */
  static Map<RbacRequest, String> load() throws IOException {
    var result = new TreeMap<RbacRequest, String>();
    Path dir = Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/rbac-recorded"));
    if (!Files.isDirectory(dir)) {
      return result;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          int example = nthTab(line, 5);
          result.putIfAbsent(
              RbacRequest.parse(line.substring(0, example)), line.substring(example + 1));
        }
      }
    }
    return result;
  }

  private static int nthTab(String line, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = line.indexOf('\t', at + 1);
    }
    return at;
  }
}
