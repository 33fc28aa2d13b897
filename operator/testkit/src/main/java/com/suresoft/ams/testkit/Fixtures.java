package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/** Small objects the embedded server tests share. */
public final class Fixtures {

  public static final String NAMESPACE = "default";

  public static final ResourceDefinitionContext AMS_INSTANCES =
      new ResourceDefinitionContext.Builder()
          .withGroup("ams.suresoft.com")
          .withVersion("v1alpha1")
          .withKind("AmsInstance")
          .withPlural("amsinstances")
          .withNamespaced(true)
          .build();

  private Fixtures() {}

  public static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  public static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** Adds a label to the Deployment {@code name} (a change to metadata only), as a user would. */
  public static Deployment label(KubernetesClient client, String name, String key, String value) {
    return client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            d -> {
              d.getMetadata().getLabels().put(key, value);
              return d;
            });
  }

  public static Deployment deployment(String name, Integer replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .addToLabels("app.kubernetes.io/name", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app.kubernetes.io/name", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app.kubernetes.io/name", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/ams/" + name + ":1.0")
        .addNewPort()
        .withContainerPort(8080)
        .withName("http")
        .endPort()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("128Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A minimal AmsInstance CRD: any object, with a status subresource. */
  public static CustomResourceDefinition amsInstanceCrd() {
    return minimalCrd("ams.suresoft.com", "v1alpha1", "AmsInstance", "amsinstances");
  }

  /** See {@link EmbeddedApiServer#minimalCrd}. */
  public static CustomResourceDefinition minimalCrd(
      String group, String version, String kind, String plural) {
    return EmbeddedApiServer.minimalCrd(group, version, kind, plural);
  }

  public static GenericKubernetesResource amsInstance(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("ams.suresoft.com/v1alpha1")
        .withKind("AmsInstance")
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  /** A ReadWriteOnce claim of {@code size} in the test namespace. */
  public static io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(
      String name, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }
}
