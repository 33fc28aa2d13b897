package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanarySpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanaryStep;
import com.suresoft.ams.operator.api.v1alpha1.spec.ExternalSecretsSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretStoreRef;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsProvider;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A team edits its running instance to reach what the platform did not open to it (another team's
 * ClusterIssuer, a shared ClusterSecretStore, an internal address as its Prometheus): each edit is
 * refused as InvalidSpec naming the field, and nothing running changes.
 */
class AllowListIT {
  private static final ResourceDefinitionContext EXTERNAL_SECRETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("external-secrets.io")
          .withVersion("v1")
          .withPlural("externalsecrets")
          .withNamespaced(true)
          .build();

  /** The platform lists one ClusterIssuer and one ClusterSecretStore, and no Prometheus. */
  private static final Platform PLATFORM =
      new Platform(
          AllowList.of(List.of("platform-vault")),
          AllowList.nothing(),
          AllowList.of(List.of("letsencrypt-prod")),
          AllowList.anything(),
          AllowList.anything(),
          AllowList.anything(),
          Platform.DEFAULTS.ingressControllerNamespaces(),
          Platform.DEFAULTS.prometheusNamespaces());

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start(Duration.ofMillis(250), s -> s.platform(PLATFORM));
    harness
        .server()
        .installCrd(
            com.suresoft.ams.testkit.EmbeddedApiServer.minimalCrd(
                "external-secrets.io", "v1", "ExternalSecret", "externalsecrets"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** resourceVersion of every child, by kind/name. */
  private Map<String, String> children() {
    var u = harness.user();
    return Stream.of(
            u.apps().deployments().inNamespace("ams").list().getItems(),
            u.apps().statefulSets().inNamespace("ams").list().getItems(),
            u.services().inNamespace("ams").list().getItems(),
            u.secrets().inNamespace("ams").list().getItems(),
            u.network().v1().ingresses().inNamespace("ams").list().getItems(),
            u.genericKubernetesResources(EXTERNAL_SECRETS).inNamespace("ams").list().getItems())
        .flatMap(List::stream)
        .map(HasMetadata.class::cast)
        .collect(
            Collectors.toMap(
                o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
  }

  private void refused(UnaryOperator<AmsInstance> edit, String field) {
    harness.edit("ams", edit);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var i = harness.instance("ams");
              assertThat(i.getStatus().getObservedGeneration())
                  .isEqualTo(i.getMetadata().getGeneration());
              assertThat(i.getStatus().getPhase()).isEqualTo(Phase.Failed);
              var ready = Conditions.find(i.getStatus().getConditions(), "Ready").orElseThrow();
              assertThat(ready.getReason()).isEqualTo("InvalidSpec");
              assertThat(ready.getMessage()).contains(field, "is not allowed by the platform");
            });
  }

  @Test
  void editsThatReachOutsideTheNamespaceAreRefusedAndChangeNothing() {
    harness.create(TestInstances.sample("production"));
    harness.awaitPhase("ams", Phase.Ready);
    var before = children();
    long mark = harness.mark();

    refused(
        i -> {
          i.getSpec().getIngress().getTls().setClusterIssuer("team-a-issuer");
          return i;
        },
        "spec.ingress.tls.clusterIssuer");
    refused(
        i -> {
          i.getSpec().getIngress().getTls().setClusterIssuer("letsencrypt-prod");
          var ref = new SecretStoreRef();
          ref.setName("team-a-vault");
          ref.setKind("ClusterSecretStore");
          var es = new ExternalSecretsSpec();
          es.setSecretStoreRef(ref);
          var secrets = new SecretsSpec();
          secrets.setProvider(SecretsProvider.ExternalSecrets);
          secrets.setExternalSecrets(es);
          i.getSpec().setSecrets(secrets);
          return i;
        },
        "spec.secrets.externalSecrets.secretStoreRef.name");
    refused(
        i -> {
          i.getSpec().setSecrets(null);
          var analysis = new AnalysisSpec();
          analysis.setPrometheusUrl("http://169.254.169.254/latest/meta-data/");
          var step = new CanaryStep();
          step.setSetWeight(10);
          var canary = new CanarySpec();
          canary.setSteps(List.of(step));
          canary.setAnalysis(analysis);
          var release = new ReleaseSpec();
          release.setStrategy(ReleaseStrategy.Canary);
          release.setCanary(canary);
          i.getSpec().setRelease(release);
          return i;
        },
        "spec.release.canary.analysis.prometheusUrl");

    harness.awaitReconciles(3);
    assertThat(children()).isEqualTo(before);
    assertThat(
            harness
                .user()
                .genericKubernetesResources(EXTERNAL_SECRETS)
                .inNamespace("ams")
                .list()
                .getItems())
        .extracting(GenericKubernetesResource::getKind)
        .isEmpty();
    assertThat(harness.operatorWritesSince(mark))
        .allSatisfy(r -> assertThat(r.path()).matches(".*(/amsinstances/ams/status|/events)$"));
  }

  @Test
  void theListedClusterSecretStoreIsUsedUnderTheInstancesOwnKeys() {
    var instance = TestInstances.sample("development");
    var ref = new SecretStoreRef();
    ref.setName("platform-vault");
    ref.setKind("ClusterSecretStore");
    var es = new ExternalSecretsSpec();
    es.setSecretStoreRef(ref);
    var secrets = new SecretsSpec();
    secrets.setProvider(SecretsProvider.ExternalSecrets);
    secrets.setExternalSecrets(es);
    instance.getSpec().setSecrets(secrets);
    harness.create(instance);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !harness
                    .user()
                    .genericKubernetesResources(EXTERNAL_SECRETS)
                    .inNamespace("ams")
                    .list()
                    .getItems()
                    .isEmpty());
    var spec =
        harness
            .user()
            .genericKubernetesResources(EXTERNAL_SECRETS)
            .inNamespace("ams")
            .list()
            .getItems()
            .get(0)
            .getAdditionalProperties()
            .get("spec")
            .toString();
    assertThat(spec).contains("platform-vault", "key=ams/development/ams/ams/database-url");
  }
}
