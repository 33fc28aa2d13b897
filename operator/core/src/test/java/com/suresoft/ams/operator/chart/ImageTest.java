package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.suresoft.ams.operator.cli.AmsOperatorCli;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The image Jib builds (operator/core/pom.xml) is the image the chart runs: same repository, the
 * chart's appVersion is the project's release version, the entrypoint is the CLI's main class with
 * {@code run}, and its numeric non-root user satisfies the chart's {@code runAsNonRoot}.
 */
class ImageTest {

  @Test
  void chartRunsTheImageJibBuilds() throws Exception {
    var pom = pom();
    var xpath = XPathFactory.newInstance().newXPath();
    String jib = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
    String repository = xpath.evaluate("/project/properties/image.repository", pom);
    assertThat(xpath.evaluate(jib + "/to/image", pom)).isEqualTo("${image.repository}");
    assertThat(xpath.evaluate(jib + "/container/mainClass", pom))
        .isEqualTo(AmsOperatorCli.class.getName());
    assertThat(xpath.evaluate(jib + "/container/args/arg", pom)).isEqualTo("run");
    String user = xpath.evaluate(jib + "/container/user", pom);
    assertThat(user).matches("[1-9][0-9]*:[0-9]+");
    assertThat(xpath.evaluate("/project/properties/image.base", pom))
        .as("pinned to Java 17's JRE")
        .startsWith("eclipse-temurin:17")
        .contains("jre");

    var values = yaml(Chart.directory().resolve("values.yaml"));
    assertThat(values.path("image").path("repository").asText()).isEqualTo(repository);
    String projectVersion =
        xpath.evaluate("/project/parent/version", pom).replaceFirst("-SNAPSHOT$", "");
    var chart = yaml(Chart.directory().resolve("Chart.yaml"));
    assertThat(chart.path("appVersion").asText()).isEqualTo(projectVersion);

    var deployment = Chart.one(Chart.render(Map.of()), Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(repository + ":" + projectVersion);
    assertThat(container.getCommand()).as("the image's entrypoint").isNullOrEmpty();
    assertThat(container.getArgs().get(0)).isEqualTo("run");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    // The JVM's flags are the image's (heap share, client compiler only): a JAVA_TOOL_OPTIONS env
    // would make the JVM print a plain-text line ahead of the JSON log.
    assertThat(xpath.evaluate(jib + "/container/jvmFlags/jvmFlag[1]", pom))
        .isEqualTo("-XX:MaxRAMPercentage=75");
    assertThat(xpath.evaluate(jib + "/container/jvmFlags/jvmFlag[2]", pom))
        .isEqualTo("-XX:TieredStopAtLevel=1");
    assertThat(xpath.evaluate("count(" + jib + "/container/jvmFlags/jvmFlag)", pom)).isEqualTo("2");
    assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("JAVA_TOOL_OPTIONS"));
  }

  private static Document pom() throws Exception {
    Path file = Chart.directory().getParent().getParent().resolve("operator/core/pom.xml");
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static JsonNode yaml(Path file) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }
}
