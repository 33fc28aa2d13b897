package com.suresoft.ams.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The chart under charts/ams-operator, rendered with helm-java into fabric8 objects. */
public final class Chart {
  static final String RELEASE = "ams";
  static final String NAMESPACE = "ams-system";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static Path renderable;

  private Chart() {}

  /** The chart's directory in the repository. */
  public static Path directory() {
    return projectRoot().resolve("charts").resolve("ams-operator");
  }

  static Path projectRoot() {
    String root = System.getProperty("ams.projectRoot");
    if (root == null) {
      throw new IllegalStateException("system property ams.projectRoot is not set; run via Maven");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  /** helm-java on the chart's directory itself (lint, and the kubeVersion check). */
  static Helm helm() {
    return new Helm(directory());
  }

  /**
   * A copy of the chart that helm-java can template: Chart.yaml without kubeVersion. helm-java's
   * embedded Helm (3.16, built without the linker flags that set Helm's default Kubernetes
   * version) templates for Kubernetes v1.20.0 and has no {@code --kube-version}, so it refuses the
   * chart's {@code kubeVersion: >=1.29.0-0}; ChartMetadataTest checks that refusal on the chart
   * itself. Everything else is the chart byte for byte, copied once per test JVM.
   */
  public static synchronized Path renderableDirectory() {
    if (renderable == null) {
      try {
        Path copy = Files.createTempDirectory("ams-operator-chart");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(copy)));
        Path target = copy.resolve("ams-operator");
        try (Stream<Path> files = Files.walk(directory())) {
          for (Path source : files.toList()) {
            Path destination = target.resolve(directory().relativize(source).toString());
            if (Files.isDirectory(source)) {
              Files.createDirectories(destination);
            } else {
              Files.copy(source, destination);
            }
          }
        }
        Path chartYaml = target.resolve("Chart.yaml");
        String metadata =
            Files.readString(chartYaml)
                .lines()
                .filter(l -> !l.startsWith("kubeVersion:"))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(chartYaml, metadata);
        renderable = target;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return renderable;
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind harms nothing.
    }
  }

  /** Renders the chart with {@code --set} values. */
  static List<HasMetadata> render(Map<String, Object> values) {
    return render(t -> t, values);
  }

  static List<HasMetadata> render(
      UnaryOperator<TemplateCommand> extra, Map<String, Object> values) {
    return parse(template(extra, values));
  }

  /** The rendered manifests as Helm prints them. */
  static String template(UnaryOperator<TemplateCommand> extra, Map<String, Object> values) {
    var command =
        new Helm(renderableDirectory()).template().withName(RELEASE).withNamespace(NAMESPACE);
    values.forEach(command::set);
    return extra.apply(command).call();
  }

  static List<HasMetadata> parse(String yaml) {
    var result = new ArrayList<HasMetadata>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
        result.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return result;
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    var found = all(objects, type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The one object of {@code kind} (for kinds without a fabric8 class, e.g. PrometheusRule). */
  static HasMetadata oneOfKind(List<HasMetadata> objects, String kind) {
    var found = objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }
}
