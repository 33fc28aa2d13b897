package com.suresoft.ams.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation names nothing that is not there: every relative link leads to a file, every
 * anchor to a heading, and every path under samples/, hack/, charts/, docs/, operator/ or .github/
 * (in prose or in a command) exists, so a moved file or a renamed heading fails the build.
 */
class DocumentationLinksTest {

  private final Path root = TestInstances.projectRoot();

  @Test
  void everyLinkAnchorAndPathOfTheDocumentationExists() throws IOException {
    List<Path> pages = pages(root);

    assertThat(pages)
        .as("the pages checked")
        .contains(root.resolve("README.md"), root.resolve("docs/install.md"));
    assertThat(new MarkdownLinks(root).problems(pages))
        .as("links, anchors and paths that lead nowhere")
        .isEmpty();
  }

  @Test
  void reportsAMissingFileAMissingAnchorAndAMissingPath(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("docs"));
    Files.createDirectories(dir.resolve("samples"));
    Files.writeString(dir.resolve("samples/real.yaml"), "kind: AmsInstance\n");
    Files.writeString(dir.resolve("docs/page.md"), "# Page\n\n## Data safety\n\n## Data safety\n");
    Files.writeString(
        dir.resolve("README.md"),
        """
        # Title
        [fine](docs/page.md#data-safety-1) [fine too](#title) [web](https://example.com/x.md#y)
        [gone](docs/gone.md) [wrong anchor](docs/page.md#data-safty) `[not a link](nowhere.md)`
        kubectl apply -f samples/real.yaml -f samples/missing.yaml; java -jar operator/x/target/a.jar
        ```bash
        hack/missing.sh
        ```
        """);

    List<String> problems = new MarkdownLinks(dir).problems(pages(dir));

    assertThat(problems)
        .containsExactly(
            "README.md: docs/gone.md: no such file",
            "README.md: docs/page.md#data-safty: no heading with this anchor in docs/page.md",
            "README.md: samples/missing.yaml: no such file or folder",
            "README.md: hack/missing.sh: no such file or folder");
  }

  @Test
  void anchorsFollowGitHubsSlugs() {
    assertThat(MarkdownLinks.slug("What one `AmsInstance` becomes"))
        .isEqualTo("what-one-amsinstance-becomes");
    assertThat(MarkdownLinks.slug("Objects the operator did not create (`Conflict`, adoption)"))
        .isEqualTo("objects-the-operator-did-not-create-conflict-adoption");
    assertThat(MarkdownLinks.slug("Why `-ro` has an EndpointSlice of its own"))
        .isEqualTo("why--ro-has-an-endpointslice-of-its-own");
    assertThat(MarkdownLinks.slug("The operator's RBAC rules and their proof"))
        .isEqualTo("the-operators-rbac-rules-and-their-proof");
    assertThat(MarkdownLinks.slug("Install, upgrade and uninstall"))
        .isEqualTo("install-upgrade-and-uninstall");
    assertThat(MarkdownLinks.slug("See [Releases](docs/releases.md) first"))
        .isEqualTo("see-releases-first");
    assertThat(MarkdownLinks.anchors("# A\n```\n# not a heading\n```\n## A\n<a name=\"x\"></a>\n"))
        .containsExactly("a", "a-1", "x");
  }

  /**
   * The pages: README.md, ARCHITECTURE.md, BENCHMARKS.md and CHANGELOG.md at the root, every page
   * under docs/, and each chart's README.md.
   */
  private static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    for (String name : List.of("README.md", "ARCHITECTURE.md", "BENCHMARKS.md", "CHANGELOG.md")) {
      if (Files.exists(root.resolve(name))) {
        pages.add(root.resolve(name));
      }
    }
    pages.addAll(markdownIn(root.resolve("docs"), 1));
    pages.addAll(markdownIn(root.resolve("charts"), 2));
    return pages;
  }

  private static List<Path> markdownIn(Path dir, int depth) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir, depth)) {
      return files
          .filter(f -> depth == 1 ? f.toString().endsWith(".md") : f.endsWith("README.md"))
          .sorted()
          .toList();
    }
  }
}
