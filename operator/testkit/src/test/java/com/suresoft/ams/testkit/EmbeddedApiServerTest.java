package com.suresoft.ams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiServerTest {

  private EmbeddedApiServer server;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(server.url()).startsWith("http://127.0.0.1:");
    assertThat(server.port()).isPositive();
  }

  @Test
  void aClientBuiltFromTheKubeconfigReachesTheServer(@TempDir Path dir) throws Exception {
    Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));

    try (KubernetesClient fromKubeconfig =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build()) {
      fromKubeconfig.configMaps().resource(Fixtures.configMap("c", Map.of("a", "1"))).create();

      assertThat(fromKubeconfig.getNamespace()).isEqualTo("default");
      assertThat(server.client().configMaps().inNamespace("default").withName("c").get())
          .isNotNull();
    }
  }

  @Test
  void aKubeconfigWithAnActorHasItsRequestsLoggedUnderThatActor(@TempDir Path dir)
      throws Exception {
    Path operator = server.writeKubeconfig(dir.resolve("operator"), "ams-operator");
    Path plain = server.writeKubeconfig(dir.resolve("plain"));
    long mark = server.requestLog().mark();

    try (KubernetesClient fromOperator = fromKubeconfig(operator);
        KubernetesClient fromPlain = fromKubeconfig(plain)) {
      fromOperator.configMaps().resource(Fixtures.configMap("c", Map.of("a", "1"))).create();
      fromPlain.configMaps().withName("c").get();
    }

    var requests = server.requestLog().since(mark);
    assertThat(requests).extracting(ApiRequest::method).containsExactly("POST", "GET");
    assertThat(requests.get(0).actor()).isEqualTo("ams-operator");
    // The plain kubeconfig's client is known only by fabric8's User-Agent, as every other is.
    assertThat(requests.get(1).actor()).startsWith("fabric8-kubernetes-client/");
  }

  @Test
  void aBearerTokenTheServerDidNotMakeNamesNoActor() {
    long mark = server.requestLog().mark();
    var config = server.clientConfig();
    config.setOauthToken("ams-operator");

    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      client.configMaps().list();
    }

    assertThat(server.requestLog().since(mark))
        .singleElement()
        .satisfies(r -> assertThat(r.actor()).startsWith("fabric8-kubernetes-client/"));
  }

  private static KubernetesClient fromKubeconfig(Path kubeconfig) throws Exception {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
        .build();
  }

  @Test
  void startsWithTheNamespacesEveryClusterHas() {
    assertThat(server.client().namespaces().list().getItems())
        .extracting(ns -> ns.getMetadata().getName(), ns -> ns.getStatus().getPhase())
        .contains(
            org.assertj.core.groups.Tuple.tuple("default", "Active"),
            org.assertj.core.groups.Tuple.tuple("kube-system", "Active"));
  }

  @Test
  void aNamespaceStatusPathIsTheNamespacesStatus() {
    KubernetesClient client = server.client();
    var namespace = client.namespaces().withName("default").get();
    namespace.getStatus().setPhase("Terminating");

    client.resource(namespace).updateStatus();

    assertThat(client.namespaces().withName("default").get().getStatus().getPhase())
        .isEqualTo("Terminating");
  }
}
