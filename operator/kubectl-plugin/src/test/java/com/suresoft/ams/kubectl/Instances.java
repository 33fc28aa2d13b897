package com.suresoft.ams.kubectl;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ComponentStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Instances and the statuses an operator would write on them, for tests without an operator. */
final class Instances {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Instances() {}

  static void namespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** A Development-tier instance with a two-step Istio canary, created. */
  static AmsInstance create(
      KubernetesClient client, String namespace, String name, String version) {
    String yaml =
        """
        apiVersion: ams.suresoft.com/v1alpha1
        kind: AmsInstance
        metadata:
          name: %s
          namespace: %s
        spec:
          tier: Development
          version: "%s"
          ingress:
            host: %s.example.com
          release:
            strategy: Canary
            canary: {steps: [{setWeight: 10}, {pause: {}}, {setWeight: 50}]}
        """
            .formatted(name, namespace, version, name);
    return client.resource(JSON.unmarshal(yaml, AmsInstance.class)).create();
  }

  static Condition condition(String type, boolean value, String reason, String message, long gen) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(gen)
        .withLastTransitionTime("2026-01-01T10:00:00Z")
        .build();
  }

  /** Writes {@code status} on the stored instance, for its current generation unless given. */
  static AmsInstance writeStatus(
      KubernetesClient client, String namespace, String name, AmsInstanceStatus status) {
    var stored = client.resources(AmsInstance.class).inNamespace(namespace).withName(name).get();
    if (status.getObservedGeneration() == null) {
      status.setObservedGeneration(stored.getMetadata().getGeneration());
    }
    stored.setStatus(status);
    return client.resource(stored).updateStatus();
  }

  private static long generation(KubernetesClient client, String namespace, String name) {
    return client
        .resources(AmsInstance.class)
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getMetadata()
        .getGeneration();
  }

  /** Ready at 1.1.0: every component ready, the release stable. */
  static AmsInstanceStatus ready(KubernetesClient client, String namespace, String name) {
    long gen = generation(client, namespace, name);
    var status = new AmsInstanceStatus();
    status.setPhase(Phase.Ready);
    status.setReady("3/3");
    status.setUrl("https://" + name + ".example.com");
    status.setComponents(components("1.1.0", 1));
    var release = new ReleaseStatus();
    release.setStrategy("Canary");
    release.setPhase(ReleasePhase.Stable);
    release.setStableVersion("1.1.0");
    release.setActiveSlot(Slot.blue);
    status.setRelease(release);
    status.setConditions(
        new ArrayList<>(
            List.of(
                condition("Ready", true, "Ready", "all components ready at 1.1.0", gen),
                condition("Progressing", false, "Stable", "no release under way", gen),
                condition("Degraded", false, "AllComponentsReady", "all ready", gen))));
    return status;
  }

  /** A canary of 1.1.0 paused at 10 %, waiting for a promote. */
  static AmsInstanceStatus canaryPaused(KubernetesClient client, String namespace, String name) {
    long gen = generation(client, namespace, name);
    var status = new AmsInstanceStatus();
    status.setPhase(Phase.Progressing);
    status.setReady("5/6");
    status.setUrl("https://" + name + ".example.com");
    var components = components("1.0.0", 1);
    var worker = new ComponentStatus();
    worker.setReady("0/1");
    worker.setReadyReplicas(0);
    worker.setDesiredReplicas(1);
    components.put("worker", worker);
    status.setComponents(components);
    var r = new ReleaseStatus();
    r.setStrategy("Canary");
    r.setPhase(ReleasePhase.Paused);
    r.setSummary("Canary 10% paused");
    r.setStepIndex(1);
    r.setCanaryWeight(10);
    r.setStepWeight(10);
    r.setActiveSlot(Slot.blue);
    r.setStableVersion("1.0.0");
    r.setCandidateVersion("1.1.0");
    r.setMessage("step 2/3: paused at 10%, waiting for promote");
    status.setRelease(r);
    status.setConditions(
        new ArrayList<>(
            List.of(
                condition("Ready", false, "Releasing", "releasing 1.1.0: Canary 10% paused", gen),
                condition("Progressing", true, "Releasing", "releasing 1.1.0", gen),
                condition("Degraded", false, "Releasing", "releasing 1.1.0", gen))));
    return status;
  }

  /** The spec refused: the operator changes nothing. */
  static AmsInstanceStatus invalid(KubernetesClient client, String namespace, String name) {
    long gen = generation(client, namespace, name);
    var status = new AmsInstanceStatus();
    status.setPhase(Phase.Failed);
    status.setConditions(
        new ArrayList<>(
            List.of(
                condition(
                    "Ready", false, "InvalidSpec", "spec.api.replicas: must be at least 1", gen),
                condition(
                    "Progressing",
                    false,
                    "InvalidSpec",
                    "spec.api.replicas: must be at least 1",
                    gen))));
    return status;
  }

  private static LinkedHashMap<String, ComponentStatus> components(String version, int replicas) {
    var components = new LinkedHashMap<String, ComponentStatus>();
    for (String name : List.of("api", "postgres", "web")) {
      var c = new ComponentStatus();
      c.setReady(replicas + "/" + replicas);
      c.setReadyReplicas(replicas);
      c.setDesiredReplicas(replicas);
      c.setVersion(name.equals("postgres") ? null : version);
      components.put(name, c);
    }
    return components;
  }
}
