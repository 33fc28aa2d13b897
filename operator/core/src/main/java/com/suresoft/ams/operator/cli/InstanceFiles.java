package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an AmsInstance from a YAML or JSON file (the one the commands take with -f). */
public final class InstanceFiles {
  private InstanceFiles() {}

  public static AmsInstance read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  static AmsInstance read(InputStream in) {
    var instance = new KubernetesSerialization().unmarshal(in, AmsInstance.class);
    if (instance.getMetadata() != null && instance.getMetadata().getNamespace() == null) {
      instance.getMetadata().setNamespace("default");
    }
    return instance;
  }
}
