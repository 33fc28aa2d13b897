package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Ownership;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.Reasons;
import com.suresoft.ams.testkit.Fixtures;
import com.suresoft.ams.testkit.Interception;
import com.suresoft.ams.testkit.RequestInterceptor;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An object of a child's name that the operator did not create is never written nor deleted: the
 * instance gets a {@code Conflict} condition naming it, a Warning Event and Ready False, everything
 * that does not depend on it is built, and the name is taken once its owner deletes the object or
 * hands it over with {@code ams.suresoft.com/adopt}. The foreign objects are made as a user makes
 * them (another field manager, other labels), so the operator meets them through the same requests
 * as in a cluster: a create-only apply refused with 409.
 */
class ForeignObjectsIT {
  private static final Duration WAIT = Duration.ofSeconds(45);

  private static final String STAGING =
      """
      tier: Staging
      version: "1.0.0"
      ingress: {host: ams.staging.example}
      """;

  private static final String BEHIND_GATEWAY =
      """
      tier: Staging
      version: "1.0.0"
      ingress:
        host: ams.staging.example
        gateway:
          parentRefs: [{name: public-gateway, namespace: gateway-system, sectionName: https}]
      """;

  private static final Map<String, String> THEIR_LABELS = Map.of("app", "billing", "team", "b");

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void someoneElsesServiceIsLeftAloneNamedInTheStatusAndTakenOnceDeleted() {
    var theirs = harness.user().resource(foreignService(Map.of())).create();
    long mark = harness.mark();

    harness.create(TestInstances.withSpec("ams", STAGING));
    var status = awaitConflict("ams");

    var conflict = Conditions.find(status.getConditions(), Conditions.CONFLICT).orElseThrow();
    assertThat(conflict.getStatus()).isEqualTo("True");
    assertThat(conflict.getReason()).isEqualTo(Reasons.OBJECT_NOT_OWNED);
    assertThat(conflict.getMessage())
        .contains("Service ams-api-service")
        .contains(Ownership.ADOPT + "=ams");
    var ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Reasons.OBJECT_NOT_OWNED);

    // Everything that does not depend on that Service is built: the data tier, the app's
    // Deployments, the other Service. The Ingress, which would send users to their Service, waits.
    await("the rest of the instance")
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(harness.get(Service.class, "ams-web-service")).isNotNull();
              assertThat(harness.get(Secret.class, "ams-secrets")).isNotNull();
              assertThat(harness.get(Deployment.class, "ams-api-blue")).isNotNull();
            });
    // Not quiet: while the conflict lasts, each pass tries the name again.
    harness.awaitReconciles(5);
    assertThat(harness.get(Ingress.class, "ams-ingress")).isNull();
    assertThat(harness.instance("ams").getStatus().getPhase()).isNotEqualTo(Phase.Ready);

    // Their Service as they made it: labels, spec, no owner reference, no field of ours.
    var now = harness.get(Service.class, "ams-api-service");
    assertUntouched(now, theirs);
    assertThat(harness.server().requestLog().since(mark))
        .as("operator writes to their Service other than the refused create")
        .filteredOn(r -> r.actor().equals(OperatorHarness.OPERATOR) && r.isWrite())
        .filteredOn(r -> r.path().endsWith("/services/ams-api-service"))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(409));

    // One Warning Event names it, however often the instance is reconciled meanwhile.
    assertThat(events("ams", Reasons.OBJECT_NOT_OWNED))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("Service ams-api-service"));

    // Their owner deletes it: the operator notices by itself and creates its own.
    harness.user().resource(now).delete();
    var after =
        harness.awaitStatus(
            "ams", s -> Conditions.find(s.getConditions(), Conditions.CONFLICT).isEmpty());
    assertThat(Conditions.find(after.getConditions(), Conditions.READY).orElseThrow().getReason())
        .isNotEqualTo(Reasons.OBJECT_NOT_OWNED);
    await("the operator's own Service")
        .atMost(WAIT)
        .untilAsserted(() -> assertOurs(harness.get(Service.class, "ams-api-service")));
    harness.awaitPhase("ams", Phase.Ready);
    assertThat(harness.get(Ingress.class, "ams-ingress")).isNotNull();
  }

  @Test
  void anObjectHandedOverWithTheAdoptAnnotationIsTakenOver() {
    harness.user().resource(foreignService(Map.of(Ownership.ADOPT, "ams"))).create();

    harness.create(TestInstances.withSpec("ams", STAGING));
    harness.awaitPhase("ams", Phase.Ready);

    var adopted = harness.get(Service.class, "ams-api-service");
    assertOurs(adopted);
    assertThat(adopted.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(4000));
    assertThat(Conditions.find(harness.instance("ams").getStatus().getConditions(), "Conflict"))
        .isEmpty();
  }

  @Test
  void aSecretOfTheNameIsNeitherWrittenNorReadAndNothingThatReadsItStarts() {
    var theirs = theirSecret("ams-secrets", "database-url", "postgresql://their:own@db:5432/x");

    harness.create(TestInstances.withSpec("ams", STAGING));
    var status = awaitConflict("ams");

    assertThat(Conditions.find(status.getConditions(), Conditions.CONFLICT).orElseThrow())
        .extracting(Condition::getMessage)
        .asString()
        .contains("Secret ams-secrets");
    await("what does not read the Secret")
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(harness.get(Service.class, "ams-api-service")).isNotNull());
    harness.awaitReconciles(5);
    // The database and the app would read their passwords: they wait.
    assertThat(harness.get(Deployment.class, "ams-api-blue")).isNull();
    assertUntouched(theirs);
  }

  /**
   * The operator issues the data tier's certificate Secrets itself (no cert-manager here): one of
   * such a name that is someone else's is not overwritten with a certificate of ours, and no data
   * server starts with it mounted.
   */
  @Test
  void aCertificateSecretOfTheNameIsNotReissuedAndNoDataServerMountsIt() {
    var theirs = theirSecret("ams-redis-tls", "tls.crt", "theirs");

    harness.create(TestInstances.withSpec("ams", STAGING));
    var status = awaitConflict("ams");

    assertThat(Conditions.find(status.getConditions(), Conditions.CONFLICT).orElseThrow())
        .extracting(Condition::getMessage)
        .asString()
        .contains("Secret ams-redis-tls");
    // The other certificates are issued; the data servers, which mount them, wait.
    await("the other certificates")
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(harness.get(Secret.class, "ams-postgres-tls")).isNotNull());
    harness.awaitReconciles(5);
    assertThat(harness.get(StatefulSet.class, "ams-redis")).isNull();
    assertUntouched(theirs);
  }

  /**
   * The operator deletes the Ingress {@code <name>-ingress} when the instance moves to a gateway;
   * an Ingress of that name that is not the instance's (here one that even carries the instance's
   * owner reference and the operator's labels, but names another instance) is never deleted.
   */
  @Test
  void cleanupNeverDeletesAnObjectThatIsNotTheInstances() {
    harness
        .server()
        .installCrd(
            Fixtures.minimalCrd("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"));
    var instance = harness.create(TestInstances.withSpec("ams", BEHIND_GATEWAY));
    harness.awaitPhase("ams", Phase.Ready);
    String uid = harness.instance("ams").getMetadata().getUid();
    var theirs =
        harness
            .user()
            .resource(
                new IngressBuilder()
                    .withNewMetadata()
                    .withName("ams-ingress")
                    .withNamespace(OperatorHarness.NAMESPACE)
                    .withLabels(
                        Map.of(
                            Labels.MANAGED_BY,
                            Labels.OPERATOR,
                            Labels.COMPONENT,
                            "ingress",
                            Labels.INSTANCE,
                            "other"))
                    .withOwnerReferences(
                        new OwnerReferenceBuilder()
                            .withApiVersion(instance.getApiVersion())
                            .withKind(instance.getKind())
                            .withName("ams")
                            .withUid(uid)
                            .build())
                    .endMetadata()
                    .withNewSpec()
                    .withIngressClassName("nginx")
                    .endSpec()
                    .build())
            .create();
    long mark = harness.mark();
    // A change of the instance brings a reconciliation that lists the Ingresses to delete.
    harness.edit(
        "ams",
        i -> {
          i.getMetadata().setAnnotations(Map.of("touch", "1"));
          return i;
        });
    harness.awaitReconciles(3);
    harness.awaitOperatorQuiet(Duration.ofMillis(500));

    assertThat(harness.get(HTTPRoute.class, "ams-route")).isNotNull();
    var now = harness.get(Ingress.class, "ams-ingress");
    assertThat(now).isNotNull();
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(harness.server().requestLog().since(mark))
        .as("operator requests on their Ingress")
        .filteredOn(r -> r.actor().equals(OperatorHarness.OPERATOR) && r.isWrite())
        .noneMatch(r -> r.path().endsWith("/ingresses/ams-ingress"));
  }

  /**
   * A Job of the migration's name that is someone else's is not the release's migration: its
   * outcome is not read, the release waits, and the Conflict condition names it.
   */
  @Test
  void someoneElsesJobOfTheMigrationsNameIsNotTakenForTheMigration() {
    var theirs =
        harness
            .user()
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("ams-migrate-1-0-0")
                    .withNamespace(OperatorHarness.NAMESPACE)
                    .withLabels(THEIR_LABELS)
                    .endMetadata()
                    .withNewSpec()
                    .withNewTemplate()
                    .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer()
                    .withName("report")
                    .withImage("registry.example/report:1")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();

    harness.create(TestInstances.withSpec("ams", STAGING));
    var status =
        harness.awaitStatus(
            "ams",
            s ->
                Conditions.find(s.getConditions(), Conditions.CONFLICT)
                    .filter(c -> c.getMessage().contains("Job ams-migrate-1-0-0"))
                    .isPresent());

    assertThat(status.getRelease().getStableVersion()).isNull();
    harness.awaitReconciles(5);
    assertThat(harness.instance("ams").getStatus().getRelease().getStableVersion()).isNull();
    var now = harness.get(Job.class, "ams-migrate-1-0-0");
    assertThat(now.getMetadata().getLabels()).isEqualTo(THEIR_LABELS);
    assertThat(now.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(now.getMetadata().getUid()).isEqualTo(theirs.getMetadata().getUid());
  }

  /**
   * Any failed write of a child leaves a status that names it (before, the instance showed no
   * status at all while its applies failed), and the retry that succeeds clears it.
   */
  @Test
  void aFailingApplyGivesAStatusNamingTheObject() {
    RequestInterceptor refuseWebService =
        r ->
            r.actor().equals(OperatorHarness.OPERATOR)
                    && r.isWrite()
                    && r.path().endsWith("/services/ams-web-service")
                ? Interception.respondWithStatus(422, "Invalid", "refused by the test")
                : Interception.proceed();
    harness.server().addInterceptor(refuseWebService);

    harness.create(TestInstances.withSpec("ams", STAGING));
    var status =
        harness.awaitStatus(
            "ams",
            s ->
                Conditions.find(s.getConditions(), Conditions.READY)
                    .filter(c -> Reasons.APPLY_FAILED.equals(c.getReason()))
                    .isPresent());
    assertThat(Conditions.find(status.getConditions(), Conditions.READY).orElseThrow())
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .extracting(Condition::getMessage)
        .asString()
        .contains("Service ams-web-service")
        .contains("422 Invalid");
    assertThat(status.getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(events("ams", Reasons.APPLY_FAILED)).isNotEmpty();

    harness.server().removeInterceptor(refuseWebService);
    harness.awaitPhase("ams", Phase.Ready);
    assertThat(harness.get(Service.class, "ams-web-service")).isNotNull();
  }

  private Service foreignService(Map<String, String> annotations) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("ams-api-service")
        .withNamespace(OperatorHarness.NAMESPACE)
        .withLabels(THEIR_LABELS)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("app", "billing"))
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .endPort()
        .endSpec()
        .build();
  }

  private AmsInstanceStatus awaitConflict(String name) {
    return harness.awaitStatus(
        name, s -> Conditions.find(s.getConditions(), Conditions.CONFLICT).isPresent());
  }

  /** A Secret someone else made, with their labels and one key. */
  private Secret theirSecret(String name, String key, String value) {
    return harness
        .user()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(OperatorHarness.NAMESPACE)
                .withLabels(THEIR_LABELS)
                .endMetadata()
                .addToStringData(key, value)
                .build())
        .create();
  }

  /** Their Secret as they made it: labels, data, not one write since. */
  private void assertUntouched(Secret theirs) {
    var now = harness.get(Secret.class, theirs.getMetadata().getName());
    assertThat(now.getMetadata().getLabels()).isEqualTo(THEIR_LABELS);
    assertThat(now.getData()).isEqualTo(theirs.getData());
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
  }

  private static void assertUntouched(Service now, Service theirs) {
    assertThat(now.getMetadata().getLabels()).isEqualTo(THEIR_LABELS);
    assertThat(now.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(now.getSpec().getSelector()).isEqualTo(theirs.getSpec().getSelector());
    assertThat(now.getSpec().getPorts()).isEqualTo(theirs.getSpec().getPorts());
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(
            Optional.ofNullable(now.getMetadata().getManagedFields()).orElse(java.util.List.of()))
        .extracting(ManagedFieldsEntry::getManager)
        .doesNotContain(OperatorHarness.OPERATOR);
  }

  private void assertOurs(Service service) {
    assertThat(service).isNotNull();
    String uid = harness.instance("ams").getMetadata().getUid();
    assertThat(service.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
        .containsEntry(Labels.INSTANCE, "ams");
    assertThat(service.getMetadata().getOwnerReferences())
        .anySatisfy(o -> assertThat(o.getUid()).isEqualTo(uid));
  }

  private java.util.List<Event> events(String instance, String reason) {
    return harness
        .user()
        .v1()
        .events()
        .inNamespace(OperatorHarness.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(e -> instance.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
