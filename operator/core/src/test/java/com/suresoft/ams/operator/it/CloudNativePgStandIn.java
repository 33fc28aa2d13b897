package com.suresoft.ams.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;

/**
 * Plays the CloudNativePG operator's part for the ITs (the double runs no such controller): writes
 * the app Secret it writes once a cluster is initialised, and reports a Cluster's instances ready.
 */
final class CloudNativePgStandIn {
  static final ResourceDefinitionContext CLUSTERS = kind("Cluster", "clusters");
  static final ResourceDefinitionContext POOLERS = kind("Pooler", "poolers");

  private CloudNativePgStandIn() {}

  private static ResourceDefinitionContext kind(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("postgresql.cnpg.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /**
   * The app Secret of instance {@code ams}. Written before the instance in the ITs: the operator
   * trusts a Secret it found missing for a minute before it looks again.
   */
  static void writeAppSecret(KubernetesClient client, String namespace) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("ams-postgres-app")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("uri", "postgresql://ams:x@ams-postgres-rw:5432/ams")
                .addToStringData("username", "ams")
                .addToStringData("password", "x")
                .build())
        .create();
  }

  /**
   * Once the operator has written Cluster {@code ams-postgres}, reports all its instances ready.
   */
  static void reportClusterReady(KubernetesClient client, String namespace, Duration within) {
    var clusters = client.genericKubernetesResources(CLUSTERS).inNamespace(namespace);
    await().atMost(within).until(() -> clusters.withName("ams-postgres").get() != null);
    OperatorHarness.retryOnConflict(
        () -> {
          GenericKubernetesResource cluster = clusters.withName("ams-postgres").get();
          @SuppressWarnings("unchecked")
          var spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
          cluster
              .getAdditionalProperties()
              .put("status", Map.of("readyInstances", spec.get("instances")));
          return clusters.resource(cluster).updateStatus();
        });
  }
}
