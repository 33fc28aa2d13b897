package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin as a user installs it: kubectl-ams.jar beside the launcher, run by a Java
 * that has nothing else on its class path, against a cluster named by {@code KUBECONFIG}.
 */
class PluginJarIT {
  private static EmbeddedApiServer server;
  private static Path installed;
  private static Path kubeconfig;

  private record Result(int exit, String out, String err) {}

  @BeforeAll
  static void install(@TempDir Path dir) throws IOException {
    String property = System.getProperty("ams.pluginJar");
    // Set by the plugin-jar execution, after package; the default one runs before the jar exists.
    assumeTrue(property != null, "runs in the plugin-jar execution, after package");
    Path jar = Path.of(property);
    assertThat(jar).as("the packaged plugin (mvn package)").isRegularFile();
    Path launcher =
        Path.of(System.getProperty("ams.projectRoot", "../.."))
            .resolve("operator/kubectl-plugin/src/main/launcher/kubectl-ams");
    installed = dir.resolve("plugin");
    Files.createDirectories(installed);
    Files.copy(jar, installed.resolve("kubectl-ams.jar"));
    Files.copy(launcher, installed.resolve("kubectl-ams"), StandardCopyOption.COPY_ATTRIBUTES);
    server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    var client = server.client("test");
    Instances.namespace(client, "shop");
    Instances.create(client, "shop", "ams", "1.1.0");
    Instances.writeStatus(client, "shop", "ams", Instances.ready(client, "shop", "ams"));
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Result launch(Map<String, String> env, String... args) throws Exception {
    var command =
        new java.util.ArrayList<>(List.of("/bin/sh", installed.resolve("kubectl-ams").toString()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_HOME");
    builder.environment().putAll(env);
    var process = builder.start();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out), new String(err));
  }

  private static Map<String, String> withJava() {
    return Map.of(
        "JAVA_HOME", System.getProperty("java.home"), "KUBECONFIG", kubeconfig.toString());
  }

  @Test
  void theLauncherRunsTheJarBesideItAgainstTheKubeconfigInKubeconfig() throws Exception {
    var run = launch(withJava(), "status", "ams", "-n", "shop", "--timeout", "30s");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).startsWith("shop/ams  Ready  ready 3/3");
    var list = launch(withJava(), "list", "-A");
    assertThat(list.exit()).as("%s", list).isZero();
    assertThat(list.out()).containsPattern("shop\\s+ams\\s+Ready\\s+1\\.1\\.0");
  }

  @Test
  void anActionFromTheJarSetsItsTokenAndWaitsForTheOperator() throws Exception {
    // No operator runs here: the jar gets as far as the wait, and says so.
    var run = launch(withJava(), "promote", "ams", "-n", "shop", "--timeout", "2s");
    assertThat(run.exit()).as("%s", run).isEqualTo(2);
    assertThat(run.out()).contains("promote requested for shop/ams");
    assertThat(run.err()).contains("the operator has not handled ams.suresoft.com/promote=");
  }

  @Test
  void theJarsMainOffersNoOperatorVerb() throws Exception {
    var help = launch(withJava(), "--help");
    assertThat(help.exit()).as("%s", help).isZero();
    assertThat(help.out()).contains("status", "list", "promote", "abort", "retry");
    for (String verb : List.of("run", "render", "validate", "demo")) {
      var run = launch(withJava(), verb);
      assertThat(run.exit()).as("%s: %s", verb, run).isEqualTo(64);
      assertThat(run.err()).contains("Unmatched argument at index 0: '" + verb + "'");
    }
    var version = launch(withJava(), "--version");
    assertThat(version.out()).startsWith("kubectl-ams ").doesNotContain("development");
  }

  @Test
  void theJarCarriesNoTestDouble() throws IOException {
    try (var jar = new JarFile(installed.resolve("kubectl-ams.jar").toFile())) {
      var names = jar.stream().map(e -> e.getName()).toList();
      assertThat(names)
          .contains("com/suresoft/ams/kubectl/KubectlAms.class", "picocli/CommandLine.class")
          .noneMatch(n -> n.startsWith("com/suresoft/ams/testkit/"))
          .noneMatch(n -> n.startsWith("io/fabric8/mockwebserver/"))
          .noneMatch(n -> n.startsWith("io/vertx/"));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("com.suresoft.ams.kubectl.KubectlAms");
    }
  }

  @Test
  void withoutJavaTheLauncherSaysWhatToInstall(@TempDir Path bin) throws Exception {
    // A PATH with the few tools the launcher uses, and no java.
    for (String tool : List.of("dirname", "readlink", "cat")) {
      Path found =
          Files.exists(Path.of("/usr/bin", tool))
              ? Path.of("/usr/bin", tool)
              : Path.of("/bin", tool);
      Files.createSymbolicLink(bin.resolve(tool), found);
    }
    var run = launch(Map.of("PATH", bin.toString()), "list");
    assertThat(run.exit()).isEqualTo(127);
    assertThat(run.err()).contains("no java found").contains("17 or newer");
  }
}
