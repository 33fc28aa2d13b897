package com.suresoft.ams.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.status.Conditions;
import com.suresoft.ams.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instances written against a newer CRD than this operator knows (an upgrade under way, a GitOps
 * repo ahead of the operator) do not stop it: the one with unknown fields is reconciled on what the
 * operator knows and says what it ignores, the one it cannot read at all is reported and left
 * alone, and every other instance goes on being reconciled. The in-process API server admits
 * instances by the installed CRD's schema, so the test installs one that is newer and looser than
 * the operator's model (its spec keeps whatever it is given), as during an upgrade.
 */
class VersionSkewIT {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final List<Throwable> informerStops = new CopyOnWriteArrayList<>();
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    // Records a stopped informer instead of the harness's restart, which would hide the crash
    // loop this test is about (in a cluster JOSDK exits the process there).
    harness =
        OperatorHarness.start(
            Duration.ofMillis(250),
            s ->
                s.informerStoppedHandler(
                    (informer, cause) -> {
                      // JOSDK calls this for a graceful stop too, without a cause.
                      if (cause != null) {
                        informerStops.add(cause);
                      }
                    }));
  }

  /**
   * Replaces the operator's CRD by one whose spec takes any field and value: a newer CRD knows
   * fields this operator does not, and an older or looser one may let a value of another type in.
   */
  private void installLooserCrd() {
    var crds = harness.user().apiextensions().v1().customResourceDefinitions();
    var crd = AmsInstanceCrd.fromClasspath().definition();
    crds.withName(crd.getMetadata().getName()).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> crds.withName(crd.getMetadata().getName()).get() == null);
    var looser = new CustomResourceDefinitionBuilder(crd).build();
    looser
        .getSpec()
        .getVersions()
        .forEach(
            version -> {
              var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
              spec.setProperties(null);
              spec.setRequired(null);
              spec.setXKubernetesValidations(null);
              spec.setXKubernetesPreserveUnknownFields(true);
            });
    harness.server().installCrd(looser);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private Resource<GenericKubernetesResource> raw(String name) {
    return harness
        .user()
        .genericKubernetesResources(AmsInstance.GROUP + "/" + AmsInstance.VERSION, "AmsInstance")
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(name);
  }

  /** Stores the instance as YAML, untouched by the typed model. */
  private void apply(String name, String specYaml) {
    var yaml =
        """
        apiVersion: ams.suresoft.com/v1alpha1
        kind: AmsInstance
        metadata:
          name: %s
          namespace: ams
        spec:
          tier: Development
          version: "1.0.0"
          imageRegistry: ghcr.io/suresoft
        %s"""
            .formatted(name, specYaml.stripIndent().indent(2));
    harness
        .user()
        .genericKubernetesResources(AmsInstance.GROUP + "/" + AmsInstance.VERSION, "AmsInstance")
        .inNamespace(OperatorHarness.NAMESPACE)
        .resource(JSON.unmarshal(yaml, GenericKubernetesResource.class))
        .create();
  }

  private Deployment apiDeployment(String instance) {
    return harness.get(
        Deployment.class, new ResourceNames(instance).deployment(Component.API, Slot.blue));
  }

  @Test
  void unknownAndUnreadableInstancesStopNeitherTheOperatorNorTheOthers() {
    // Stored while the operator is down, so that its first list already holds them: the crash
    // loop came from that list failing as a whole.
    harness.stopOperator();
    installLooserCrd();
    apply(
        "newer",
        """
        release:
          strategy: RollingUpdate
          someNewField: {enabled: true}
        api:
          anotherNewField: 3
        """);
    apply("plain", "");
    apply("broken", "api: text\n");
    long mark = harness.mark();
    harness.startOperator();

    var newer = harness.awaitPhase("newer", Phase.Ready);
    harness.awaitPhase("plain", Phase.Ready);
    assertThat(apiDeployment("newer")).isNotNull();
    assertThat(apiDeployment("plain")).isNotNull();

    var ignored =
        Conditions.find(newer.getStatus().getConditions(), Conditions.UNKNOWN_FIELDS).orElseThrow();
    assertThat(ignored.getStatus()).isEqualTo("True");
    assertThat(ignored.getReason()).isEqualTo(Reasons.FIELDS_IGNORED);
    assertThat(ignored.getMessage())
        .contains("spec.release.someNewField, spec.api.anotherNewField");
    assertThat(
            Conditions.find(
                harness.instance("plain").getStatus().getConditions(), Conditions.UNKNOWN_FIELDS))
        .isEmpty();
    // The operator's writes (status only) left the fields it does not know where they were.
    var stored = raw("newer").get();
    assertThat(stored.<Object>get("spec", "release", "someNewField"))
        .isEqualTo(Map.of("enabled", true));
    assertThat(stored.<Object>get("spec", "api", "anotherNewField")).isEqualTo(3);

    var broken = harness.awaitPhase("broken", Phase.Failed);
    var ready = Conditions.find(broken.getStatus().getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(ready.getMessage()).contains("spec.api").contains("a string is stored here");
    assertThat(apiDeployment("broken")).isNull();
    assertThat(raw("broken").get().<Object>get("spec", "api")).isEqualTo("text");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("broken");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains("spec.api");
                        })
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("newer");
                          assertThat(e.getReason()).isEqualTo(Reasons.FIELDS_IGNORED);
                        }));

    // A watch event that cannot be read (a running instance broken in place) stops nothing
    // either, and leaves that instance's objects as they were.
    String plainApi = apiDeployment("plain").getMetadata().getResourceVersion();
    raw("plain")
        .edit(
            r -> {
              r.<Map<String, Object>>get("spec").put("web", List.of("not", "an", "object"));
              return r;
            });
    harness.awaitStatus(
        "plain",
        s ->
            Conditions.find(s.getConditions(), Conditions.READY)
                .filter(c -> c.getMessage().contains("spec.web"))
                .isPresent());

    // The unknown fields go, and so does the condition.
    raw("newer")
        .edit(
            r -> {
              r.<Map<String, Object>>get("spec", "release").remove("someNewField");
              r.<Map<String, Object>>get("spec", "api").remove("anotherNewField");
              return r;
            });
    harness.awaitStatus(
        "newer", s -> Conditions.find(s.getConditions(), Conditions.UNKNOWN_FIELDS).isEmpty());

    // An instance created afterwards is reconciled: the informers are still up.
    apply("later", "");
    harness.awaitPhase("later", Phase.Ready);
    assertThat(apiDeployment("later")).isNotNull();
    assertThat(apiDeployment("plain").getMetadata().getResourceVersion()).isEqualTo(plainApi);
    assertThat(informerStops).isEmpty();
    // Its only writes to the instances were to their status subresource: never the spec, so
    // never a field it does not know.
    assertThat(harness.operatorWritesSince(mark))
        .filteredOn(r -> r.path().contains("/amsinstances/"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.path()).endsWith("/status"));
  }

  private List<Event> events() {
    return harness.user().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems();
  }
}
