package com.suresoft.ams.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The krew manifest installs what the release archive holds (the launcher, the jar, the LICENSE),
 * and the release workflow's renderer fills in the tag, the URL and the real sha256.
 */
class KrewManifestTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Path root() {
    return Path.of(System.getProperty("ams.projectRoot", "../..")).toAbsolutePath().normalize();
  }

  @Test
  void theManifestInstallsTheLauncherAndTheJarAndCarriesAPlaceholderChecksum() throws Exception {
    JsonNode manifest = YAML.readTree(root().resolve("plugins/krew/ams.yaml").toFile());
    assertThat(manifest.path("apiVersion").asText())
        .isEqualTo("krew.googlecontainertools.github.com/v1alpha2");
    assertThat(manifest.path("kind").asText()).isEqualTo("Plugin");
    assertThat(manifest.at("/metadata/name").asText()).as("kubectl ams").isEqualTo("ams");
    assertThat(manifest.at("/spec/version").asText()).matches("v\\d+\\.\\d+\\.\\d+");
    JsonNode platform = manifest.at("/spec/platforms/0");
    assertThat(platform.path("bin").asText()).isEqualTo("kubectl-ams");
    assertThat(platform.path("files").findValuesAsText("from"))
        .containsExactly("kubectl-ams", "kubectl-ams.jar", "LICENSE");
    assertThat(platform.path("uri").asText())
        .startsWith("https://github.com/suresoft/ams-operator/releases/download/")
        .endsWith("/kubectl-ams.tar.gz");
    assertThat(platform.path("sha256").asText()).isEqualTo("0".repeat(64));
    assertThat(platform.at("/selector/matchExpressions/0/values").toString())
        .isEqualTo("[\"linux\",\"darwin\"]");
    // The launcher the archive packs is the one in the module, executable.
    Path launcher = root().resolve("operator/kubectl-plugin/src/main/launcher/kubectl-ams");
    assertThat(launcher).isRegularFile();
    assertThat(Files.isExecutable(launcher)).isTrue();
  }

  @Test
  void theReleaseRendersTheTagTheUrlAndTheChecksum() throws Exception {
    String sha = "0123456789abcdef".repeat(4);
    var process =
        new ProcessBuilder(
                "bash", root().resolve("hack/krew-manifest.sh").toString(), "v1.2.3", sha)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    JsonNode manifest = YAML.readTree(out);
    assertThat(manifest.at("/spec/version").asText()).isEqualTo("v1.2.3");
    assertThat(manifest.at("/spec/platforms/0/uri").asText())
        .isEqualTo(
            "https://github.com/suresoft/ams-operator/releases/download/v1.2.3/kubectl-ams.tar.gz");
    assertThat(manifest.at("/spec/platforms/0/sha256").asText()).isEqualTo(sha);
    assertThat(out).doesNotContain("placeholder").doesNotContain("0".repeat(64));

    var refused =
        new ProcessBuilder(
                "bash", root().resolve("hack/krew-manifest.sh").toString(), "v1.2.3", "not-a-sha")
            .start();
    assertThat(refused.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(64);
  }
}
