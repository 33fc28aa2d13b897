package com.suresoft.ams.operator.api;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The AmsInstance CRD that the build generates from the Java model (crd-generator-maven-plugin) and
 * packs into the jar; crd/ holds a committed copy of the same file.
 */
public record AmsInstanceCrd(CustomResourceDefinition definition) {

  /** File name the generator gives the CRD, under {@link #CLASSPATH_DIRECTORY} and in crd/. */
  public static final String FILE_NAME = CustomResource.getCRDName(AmsInstance.class) + "-v1.yml";

  public static final String CLASSPATH_DIRECTORY = "META-INF/fabric8/";

  /** Loads the CRD generated into the classpath by the build. */
  public static AmsInstanceCrd fromClasspath() {
    String resource = CLASSPATH_DIRECTORY + FILE_NAME;
    try (InputStream in = AmsInstanceCrd.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the classpath: the build generates it in process-classes");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AmsInstanceCrd parse(InputStream yaml) {
    return new AmsInstanceCrd(
        new KubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class));
  }

  /** The openAPIV3Schema of the stored version, the one the API server validates against. */
  public JSONSchemaProps openApiSchema() {
    return storedVersion().getSchema().getOpenAPIV3Schema();
  }

  /** Name of the stored version, e.g. v1alpha1. */
  public String storageVersion() {
    return storedVersion().getName();
  }

  private CustomResourceDefinitionVersion storedVersion() {
    return definition.getSpec().getVersions().stream()
        .filter(CustomResourceDefinitionVersion::getStorage)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("CRD has no storage version"));
  }
}
