package com.suresoft.ams.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The operator jar (and so its image, which Jib layers from the same runtime classpath) carries
 * neither the test double nor what only the test double needs: fabric8's mock server, Vert.x and
 * Netty (its HTTP server), Bouncy Castle. Runs after {@code package} (the {@code operator-jar}
 * execution in operator/core/pom.xml), on the shaded jar the build just made.
 */
class OperatorJarContentsIT {
  /** Package prefixes that must not be in the jar, with why each would be there. */
  private static final List<String> FORBIDDEN =
      List.of(
          "com/suresoft/ams/testkit/", // the in-process API server and controller simulator
          "com/suresoft/ams/demo/", // the demo, its own jar
          "io/fabric8/kubernetes/client/server/mock/", // fabric8's mock API server
          "io/fabric8/mockwebserver/",
          "io/vertx/", // the mock server's HTTP server
          "io/netty/",
          "org/bouncycastle/"); // came with the mock server (and once with GeneratedTls)

  @Test
  void theOperatorJarHoldsNoTestDoubleNorItsLibraries() throws Exception {
    // Set by the operator-jar execution only: anywhere else (a -Dtest run in the test phase) the
    // jar on disk may be an older build's.
    String property = System.getProperty("ams.operatorJar");
    assumeTrue(property != null, "runs in the operator-jar execution, after package");
    Path jar = Path.of(property);
    assertThat(jar).exists();
    Set<String> packages = packagesOf(jar);
    // Not vacuous: the operator itself and its libraries are there.
    assertThat(packages)
        .contains(
            "com/suresoft/ams/operator/cli/",
            "com/suresoft/ams/clusterrules/",
            "io/javaoperatorsdk/operator/",
            "io/fabric8/kubernetes/client/jdkhttp/");
    assertThat(packages)
        .as("packages of %s (%d bytes)", jar, Files.size(jar))
        .noneMatch(p -> FORBIDDEN.stream().anyMatch(p::startsWith));
  }

  private static Set<String> packagesOf(Path jar) throws Exception {
    var packages = new TreeSet<String>();
    try (var zip = new ZipFile(jar.toFile())) {
      zip.stream()
          .map(e -> e.getName())
          .filter(n -> n.endsWith(".class"))
          .map(n -> n.replaceFirst("^META-INF/versions/\\d+/", ""))
          .map(n -> n.substring(0, n.lastIndexOf('/') + 1))
          .forEach(packages::add);
    }
    return packages;
  }
}
