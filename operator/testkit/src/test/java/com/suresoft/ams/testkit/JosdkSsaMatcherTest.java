package com.suresoft.ams.testkit;

import static com.suresoft.ams.testkit.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JOSDK decides whether a dependent needs an apply by pruning the live object to the fields its
 * field manager owns and comparing with the desired object. If the double's managedFields were
 * wrong, every reconcile would re-apply (or never would): this test pins that down.
 */
class JosdkSsaMatcherTest {

  private static final String FIELD_MANAGER = "ams-operator";

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private final SSABasedGenericKubernetesResourceMatcher<HasMetadata> matcher =
      SSABasedGenericKubernetesResourceMatcher.getInstance();

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start();
    client = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theLiveObjectMatchesTheDesiredObjectAfterApplyingIt() {
    applyAsOperator(Fixtures.deployment("web", 2));

    Deployment live = fetch("web");

    assertThat(matcher.matches(live, Fixtures.deployment("web", 2), context())).isTrue();
  }

  @Test
  void theLiveObjectStillMatchesOnceAControllerHasWrittenStatus() {
    applyAsOperator(Fixtures.deployment("web", 2));
    Deployment withStatus = fetch("web");
    withStatus.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withReplicas(2)
            .withReadyReplicas(2)
            .build());
    server.client("controller-simulator").resource(withStatus).updateStatus();

    assertThat(matcher.matches(fetch("web"), Fixtures.deployment("web", 2), context())).isTrue();
  }

  @Test
  void theLiveObjectNoLongerMatchesOnceSomeoneElseChangedAnOwnedField() {
    applyAsOperator(Fixtures.deployment("web", 2));
    server
        .client("kubectl")
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("web")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("kubectl")
                .build(),
            "{\"spec\":{\"replicas\":5}}");

    assertThat(matcher.matches(fetch("web"), Fixtures.deployment("web", 2), context())).isFalse();
  }

  @Test
  void aDesiredObjectThatDiffersDoesNotMatch() {
    applyAsOperator(Fixtures.deployment("web", 2));

    assertThat(matcher.matches(fetch("web"), Fixtures.deployment("web", 3), context())).isFalse();
  }

  private void applyAsOperator(Deployment desired) {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .resource(desired)
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private Deployment fetch(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  /** The matcher only asks the context for the field manager and the client's serialization. */
  @SuppressWarnings("unchecked")
  private Context<HasMetadata> context() {
    ControllerConfiguration<HasMetadata> configuration =
        (ControllerConfiguration<HasMetadata>)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ControllerConfiguration.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("fieldManager")) {
                    return FIELD_MANAGER;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return (Context<HasMetadata>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getControllerConfiguration" -> configuration;
                  case "getClient" -> client;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
