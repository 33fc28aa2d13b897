package com.suresoft.ams.operator;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the shipped samples and small inline instances for tests. */
public final class TestInstances {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private TestInstances() {}

  public static Path projectRoot() {
    return Path.of(System.getProperty("ams.projectRoot", "..")).toAbsolutePath().normalize();
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

  /** An instance from a YAML spec body (indented under {@code spec:}). */
  public static AmsInstance withSpec(String name, String specYaml) {
    String yaml =
        "apiVersion: ams.suresoft.com/v1alpha1\nkind: AmsInstance\nmetadata:\n  name: "
            + name
            + "\n  namespace: ams\nspec:\n"
            + specYaml.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    return JSON.unmarshal(yaml, AmsInstance.class);
  }

  public static AmsInstance copy(AmsInstance instance) {
    return JSON.clone(instance);
  }
}
