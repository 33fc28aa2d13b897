package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator writes another operator's kind in the version that operator's CRD serves, and
 * watches only that one: External Secrets v1 (ESO 0.16+) or v1beta1 (older), Istio v1 (1.22+) or
 * v1beta1. The double keeps each version's objects apart and logs every request, so a test sees
 * which version was written and that the other was never asked for.
 */
class ServedVersionsIT {
  private static final String NS = OperatorHarness.NAMESPACE;
  private static final String OPERATOR = OperatorHarness.OPERATOR;

  private static final String ESO_SPEC =
      """
      tier: Local
      version: "1.0.0"
      secrets:
        provider: ExternalSecrets
        externalSecrets:
          secretStoreRef:
            name: vault-backend
      """;

  private static final String ISTIO_CANARY_SPEC =
      """
      tier: Local
      version: "1.0.0"
      release: {strategy: Canary, canary: {trafficRouter: Istio}}
      """;

  private OperatorHarness harness;
  private KubernetesClient user;

  private void start(String group, String kind, String plural, String... servedVersions) {
    harness = OperatorHarness.start(Duration.ofMillis(500));
    user = harness.user();
    harness
        .server()
        .installCrd(EmbeddedApiServer.minimalCrdServing(group, kind, plural, servedVersions));
  }

  private void startIstio(String... servedVersions) {
    start("networking.istio.io", "VirtualService", "virtualservices", servedVersions);
    harness
        .server()
        .installCrd(
            EmbeddedApiServer.minimalCrdServing(
                "networking.istio.io", "DestinationRule", "destinationrules", servedVersions));
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void esoServingV1AndV1beta1GetsTheExternalSecretInV1() {
    start("external-secrets.io", "ExternalSecret", "externalsecrets", "v1", "v1beta1");
    create(ESO_SPEC);
    awaitObject("external-secrets.io", "v1", "ExternalSecret", "externalsecrets", "ams-secrets");
    assertThat(awaitCondition("Secrets", "True").getMessage()).contains("external-secrets.io/v1)");
    assertNeverAskedFor("/apis/external-secrets.io/v1beta1/");
  }

  @Test
  void esoServingOnlyV1beta1GetsTheExternalSecretInV1beta1() {
    start("external-secrets.io", "ExternalSecret", "externalsecrets", "v1beta1");
    create(ESO_SPEC);
    awaitObject(
        "external-secrets.io", "v1beta1", "ExternalSecret", "externalsecrets", "ams-secrets");
    assertThat(awaitCondition("Secrets", "True").getMessage())
        .contains("external-secrets.io/v1beta1)");
    assertNeverAskedFor("/apis/external-secrets.io/v1/");
  }

  @Test
  void anEsoUpgradeThatServesV1IsPickedUpAndTheOldVersionIsNotDeleted() {
    start("external-secrets.io", "ExternalSecret", "externalsecrets", "v1beta1");
    create(ESO_SPEC);
    awaitObject(
        "external-secrets.io", "v1beta1", "ExternalSecret", "externalsecrets", "ams-secrets");
    long upgrade = harness.server().requestLog().mark();

    // ESO 0.16: v1 served besides v1beta1 (one object in a real cluster; the double keeps each
    // version apart, which shows what the operator did in each).
    harness
        .server()
        .installCrd(
            EmbeddedApiServer.minimalCrdServing(
                "external-secrets.io", "ExternalSecret", "externalsecrets", "v1", "v1beta1"));
    awaitObject("external-secrets.io", "v1", "ExternalSecret", "externalsecrets", "ams-secrets");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                condition("Secrets")
                    .map(c -> c.getMessage().contains("external-secrets.io/v1)"))
                    .orElse(false));
    // The v1beta1 dependent was deactivated, not asked to delete: in a real cluster that object
    // is the one just applied in v1.
    assertThat(
            harness.server().requestLog().writesSince(upgrade, OPERATOR::equals).stream()
                .filter(r -> r.method().equals("DELETE") && r.path().contains("externalsecrets")))
        .isEmpty();
  }

  @Test
  void istioServingOnlyV1beta1GetsV1beta1() {
    startIstio("v1beta1");
    create(ISTIO_CANARY_SPEC);
    awaitObject("networking.istio.io", "v1beta1", "VirtualService", "virtualservices", "ams-api");
    awaitObject("networking.istio.io", "v1beta1", "DestinationRule", "destinationrules", "ams-api");
    assertThat(awaitCondition("Routing", "True").getMessage())
        .contains("networking.istio.io/v1beta1");
    assertNeverAskedFor("/apis/networking.istio.io/v1/");
  }

  @Test
  void istioServingV1GetsV1() {
    startIstio("v1", "v1beta1");
    create(ISTIO_CANARY_SPEC);
    awaitObject("networking.istio.io", "v1", "VirtualService", "virtualservices", "ams-web");
    awaitObject("networking.istio.io", "v1", "DestinationRule", "destinationrules", "ams-web");
    assertThat(awaitCondition("Routing", "True").getMessage()).contains("networking.istio.io/v1)");
    // No istio.gateways: the instance says that only mesh traffic is split.
    assertThat(awaitCondition("EdgeTrafficSplit", "False").getReason()).isEqualTo("MeshOnly");
    assertNeverAskedFor("/apis/networking.istio.io/v1beta1/");
  }

  @Test
  void aKindServedOnlyInVersionsTheOperatorDoesNotWriteIsReportedMissingWithThem() {
    start("external-secrets.io", "ExternalSecret", "externalsecrets", "v2alpha1");
    create(ESO_SPEC);
    var secrets = awaitCondition("Secrets", "False");
    assertThat(secrets.getReason()).isEqualTo("CRDNotInstalled");
    assertThat(secrets.getMessage())
        .contains("externalsecrets.external-secrets.io serves only v2alpha1")
        .contains("the operator writes v1, v1beta1");
    assertNeverAskedFor("/apis/external-secrets.io/");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void create(String spec) {
    var instance = TestInstances.withSpec("ams", spec);
    instance.getMetadata().setNamespace(NS);
    user.resource(instance).create();
  }

  private GenericKubernetesResource awaitObject(
      String group, String version, String kind, String plural, String name) {
    var context =
        new ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion(version)
            .withKind(kind)
            .withPlural(plural)
            .withNamespaced(true)
            .build();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                user.genericKubernetesResources(context).inNamespace(NS).withName(name).get()
                    != null);
    var found = user.genericKubernetesResources(context).inNamespace(NS).withName(name).get();
    assertThat(found.getApiVersion()).isEqualTo(group + "/" + version);
    return found;
  }

  /** No request of the operator (write, read or watch) went to the given path prefix. */
  private void assertNeverAskedFor(String pathPrefix) {
    harness.awaitReconciles(3);
    List<String> asked =
        harness.server().requestLog().requests().stream()
            .filter(r -> OPERATOR.equals(r.actor()) && r.path().startsWith(pathPrefix))
            .map(Object::toString)
            .toList();
    assertThat(asked).isEmpty();
  }

  private Condition awaitCondition(String type, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> condition(type).map(c -> status.equals(c.getStatus())).orElse(false));
    return condition(type).orElseThrow();
  }

  private Optional<Condition> condition(String type) {
    var i = user.resources(AmsInstance.class).inNamespace(NS).withName("ams").get();
    return i == null || i.getStatus() == null
        ? Optional.empty()
        : Conditions.find(i.getStatus().getConditions(), type);
  }
}
