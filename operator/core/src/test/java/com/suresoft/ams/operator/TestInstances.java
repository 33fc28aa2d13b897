package com.suresoft.ams.operator;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the shipped samples and small inline instances for tests. */
public final class TestInstances {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private TestInstances() {}

  public static Path projectRoot() {
    return Path.of(System.getProperty("ams.projectRoot", "../..")).toAbsolutePath().normalize();
  }

  public static AmsInstance sample(String tier) {
    try {
      return JSON.unmarshal(
          Files.readString(projectRoot().resolve("samples").resolve(tier + ".yaml")),
          AmsInstance.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of every shipped sample ({@code samples/*.yaml}, without the suffix), sorted. */
  public static List<String> sampleNames() {
    try (var files = Files.list(projectRoot().resolve("samples"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An instance from a YAML spec body (indented under {@code spec:}). */
  public static AmsInstance withSpec(String name, String specYaml) {
    String yaml =
        "apiVersion: ams.suresoft.com/v1alpha1\nkind: AmsInstance\nmetadata:\n  name: "
            + name
            + "\n  namespace: ams\nspec:\n"
            + specYaml.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    return JSON.unmarshal(yaml, AmsInstance.class);
  }

  /** The shipped samples of the four tiers, in the order a {@link #fleet} takes them. */
  public static final List<String> TIERS = List.of("local", "development", "staging", "production");

  /**
   * {@code size} instances named {@code prefix-0}, {@code prefix-1}, ..., the samples of the four
   * tiers in turn, so that a fleet mixes small and large stacks.
   */
  public static List<AmsInstance> fleet(String prefix, int size) {
    return fleet(prefix, size, TIERS);
  }

  /** {@code size} instances named as in {@link #fleet(String, int)}, the given samples in turn. */
  public static List<AmsInstance> fleet(String prefix, int size, List<String> sampleNames) {
    var samples = sampleNames.stream().map(TestInstances::sample).toList();
    var fleet = new ArrayList<AmsInstance>();
    for (int i = 0; i < size; i++) {
      var instance = copy(samples.get(i % samples.size()));
      instance.getMetadata().setName(prefix + "-" + i);
      fleet.add(instance);
    }
    return fleet;
  }

  public static AmsInstance copy(AmsInstance instance) {
    return JSON.clone(instance);
  }
}
