package com.suresoft.ams.operator.controller.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.testing.TestClock;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served versions of the optional CRDs, read from {@code spec.versions[].served} and cached;
 * and the in-process API server refusing a version its CRD does not serve, as a real one does.
 */
class CachedCrdPresenceTest {
  private static final Duration RECHECK = Duration.ofSeconds(30);

  @Test
  void readsTheServedVersionsAndLooksAgainOnlyAfterTheRecheckInterval() {
    var clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (var server = EmbeddedApiServer.start();
        var client = server.client("ams-operator")) {
      // ESO 0.16: v1 and v1beta1 served; one more version listed but no longer served.
      var eso =
          new CustomResourceDefinitionBuilder(
                  EmbeddedApiServer.minimalCrdServing(
                      "external-secrets.io",
                      "ExternalSecret",
                      "externalsecrets",
                      "v1",
                      "v1beta1",
                      "v1alpha1"))
              .editSpec()
              .editLastVersion()
              .withServed(false)
              .endVersion()
              .endSpec()
              .build();
      server.installCrd(eso);
      var presence = new CachedCrdPresence(client, clock, RECHECK);

      var served = presence.served();
      assertThat(served.served())
          .containsOnlyKeys(OptionalCrd.EXTERNAL_SECRET)
          .containsEntry(OptionalCrd.EXTERNAL_SECRET, List.of("v1", "v1beta1"));
      assertThat(served.apiVersion(OptionalCrd.EXTERNAL_SECRET))
          .isEqualTo("external-secrets.io/v1");

      // Istio installed meanwhile: not seen before the interval is over, seen after it.
      server.installCrd(
          EmbeddedApiServer.minimalCrdServing(
              "networking.istio.io", "VirtualService", "virtualservices", "v1beta1"));
      clock.advance(RECHECK.minusSeconds(1));
      assertThat(presence.served().usable(OptionalCrd.ISTIO)).isFalse();
      clock.advance(Duration.ofSeconds(1));
      assertThat(presence.served().apiVersion(OptionalCrd.ISTIO))
          .isEqualTo("networking.istio.io/v1beta1");
    }
  }

  @Test
  void theTestApiServerRefusesAVersionTheCrdDoesNotServe() {
    try (var server = EmbeddedApiServer.start();
        var client = server.client("test")) {
      server.installCrd(
          EmbeddedApiServer.minimalCrdServing(
              "external-secrets.io", "ExternalSecret", "externalsecrets", "v1beta1"));
      var v1 = context("v1");
      var object =
          new GenericKubernetesResourceBuilder()
              .withApiVersion("external-secrets.io/v1")
              .withKind("ExternalSecret")
              .withNewMetadata()
              .withName("ams-secrets")
              .withNamespace("ams")
              .endMetadata()
              .build();
      var refused =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () ->
                  client
                      .genericKubernetesResources(v1)
                      .inNamespace("ams")
                      .resource(object)
                      .create(),
              KubernetesClientException.class);
      assertThat(refused.getCode()).isEqualTo(404);
      assertThat(refused.getMessage()).contains("not served in version v1");

      object.setApiVersion("external-secrets.io/v1beta1");
      client
          .genericKubernetesResources(context("v1beta1"))
          .inNamespace("ams")
          .resource(object)
          .create();
      assertThat(
              client
                  .genericKubernetesResources(context("v1beta1"))
                  .inNamespace("ams")
                  .withName("ams-secrets")
                  .get())
          .isNotNull();
    }
  }

  private static ResourceDefinitionContext context(String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("external-secrets.io")
        .withVersion(version)
        .withKind("ExternalSecret")
        .withPlural("externalsecrets")
        .withNamespaced(true)
        .build();
  }
}
