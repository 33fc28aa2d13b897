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
  private static Path withHooks;

  /**
   * The key the hooks copy gives Helm's hook annotations: Helm leaves a manifest with {@code
   * helm.sh/hook} out of the release's manifest, and helm-java returns only that (Helm's CLI
   * appends the hooks itself). {@link #renderWithHooks} renames the keys back.
   */
  private static final String HOOK_PREFIX = "ams-chart-test/";

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
   * embedded Helm (3.16, built without the linker flags that set Helm's default Kubernetes version)
   * templates for Kubernetes v1.20.0 and has no {@code --kube-version}, so it refuses the chart's
   * {@code kubeVersion: >=1.29.0-0}; ChartMetadataTest checks that refusal on the chart itself.
   * Everything else is the chart byte for byte, copied once per test JVM.
   */
  public static synchronized Path renderableDirectory() {
    if (renderable == null) {
      renderable = stage(false);
    }
    return renderable;
  }

  /** A copy like {@link #renderableDirectory()} whose hooks render as plain manifests. */
  private static synchronized Path hooksDirectory() {
    if (withHooks == null) {
      withHooks = stage(true);
    }
    return withHooks;
  }

  private static Path stage(boolean hooksAsManifests) {
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
      if (hooksAsManifests) {
        try (Stream<Path> files = Files.walk(target.resolve("templates"))) {
          for (Path template : files.filter(Files::isRegularFile).toList()) {
            Files.writeString(
                template,
                Files.readString(template)
                    .replace("helm.sh/hook:", HOOK_PREFIX + "hook:")
                    .replace("helm.sh/hook-", HOOK_PREFIX + "hook-"));
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    return template(renderableDirectory(), extra, values);
  }

  /**
   * The release's manifests and its hooks (the {@code helm test} Pod), each hook with its {@code
   * helm.sh/hook...} annotations as the chart writes them.
   */
  static List<HasMetadata> renderWithHooks(
      UnaryOperator<TemplateCommand> extra, Map<String, Object> values) {
    var objects = parse(template(hooksDirectory(), extra, values));
    for (var object : objects) {
      var annotations = object.getMetadata().getAnnotations();
      if (annotations != null) {
        var renamed = new java.util.LinkedHashMap<String, String>();
        annotations.forEach(
            (k, v) ->
                renamed.put(
                    k.startsWith(HOOK_PREFIX) ? "helm.sh/" + k.substring(HOOK_PREFIX.length()) : k,
                    v));
        object.getMetadata().setAnnotations(renamed);
      }
    }
    return objects;
  }

  static List<HasMetadata> renderWithHooks(Map<String, Object> values) {
    return renderWithHooks(t -> t, values);
  }

  private static String template(
      Path chart, UnaryOperator<TemplateCommand> extra, Map<String, Object> values) {
    var command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
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
