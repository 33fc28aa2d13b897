package com.suresoft.ams.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The chart under charts/ams-operator, rendered with helm-java into fabric8 objects. */
final class Chart {
  static final String RELEASE = "ams";
  static final String NAMESPACE = "ams-system";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Chart() {}

  static Path directory() {
    String root = System.getProperty("ams.projectRoot");
    if (root == null) {
      throw new IllegalStateException("system property ams.projectRoot is not set; run via Maven");
    }
    return Path.of(root).resolve("charts").resolve("ams-operator").toAbsolutePath().normalize();
  }

  static Helm helm() {
    return new Helm(directory());
  }

  /** Renders the chart with {@code --set} values. */
  static List<HasMetadata> render(Map<String, Object> values) {
    return render(t -> t, values);
  }

  static List<HasMetadata> render(
      UnaryOperator<TemplateCommand> extra, Map<String, Object> values) {
    var command = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    values.forEach(command::set);
    return parse(extra.apply(command).call());
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
}
