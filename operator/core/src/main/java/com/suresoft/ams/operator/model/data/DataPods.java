package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.api.v1alpha1.spec.StorageSpec;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;

/** Pieces every data-tier pod uses: env from the Secret, mounted scripts, probes, claims. */
final class DataPods {
  /** Annotation on pod templates with the digest of the mounted configuration. */
  static final String CONFIG_DIGEST = "ams.suresoft.com/config-digest";

  /** Scripts are mounted read-only and executable; they run with {@code sh}, never edited. */
  static final int SCRIPT_MODE = 0555;

  private DataPods() {}

  static ConfigMap configMap(
      InstanceModel m, String name, Component component, Map<String, String> files) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), component, m.spec().getVersion()))
        .endMetadata()
        .withData(files)
        .build();
  }

  static Volume configVolume(String volumeName, String configMap) {
    return new VolumeBuilder()
        .withName(volumeName)
        .withNewConfigMap()
        .withName(configMap)
        .withDefaultMode(SCRIPT_MODE)
        .endConfigMap()
        .build();
  }

  /**
   * A server's certificate Secret ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), readable by
   * the pod's group (the server's fsGroup) only: the key must not be world-readable.
   */
  static Volume tlsVolume(String volumeName, String secret) {
    return new VolumeBuilder()
        .withName(volumeName)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(TLS_MODE)
        .endSecret()
        .build();
  }

  /** Owner and group (the pod's fsGroup) may read a certificate's files; nobody may write. */
  static final int TLS_MODE = 0440;

  static Volume emptyDir(String name, boolean memory) {
    return new VolumeBuilder()
        .withName(name)
        .withNewEmptyDir()
        .withMedium(memory ? "Memory" : null)
        .endEmptyDir()
        .build();
  }

  static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  static Probe exec(int initialDelay, int period, int failureThreshold, List<String> command) {
    return new ProbeBuilder()
        .withNewExec()
        .withCommand(command)
        .endExec()
        .withInitialDelaySeconds(initialDelay == 0 ? null : initialDelay)
        .withPeriodSeconds(period)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /**
   * The claim template of a data StatefulSet. {@code size} is the size the StatefulSet was created
   * with when it exists (claim templates are immutable; growth is applied to the claims
   * themselves), else the spec's.
   */
  static PersistentVolumeClaim claimTemplate(
      InstanceModel m, Component component, StorageSpec storage, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(ResourceNames.DATA_VOLUME)
        .withLabels(Labels.claim(m.name(), component))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storage.getStorageClassName())
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  /**
   * A data-tier StatefulSet around {@code pod}: one volume claim {@code data} per pod from {@code
   * storage}, sized {@code claimSize}, retained when the StatefulSet is deleted or scaled down
   * (data is never deleted implicitly); the pod template carries the claim labels and {@code
   * podAnnotations}.
   */
  static StatefulSet statefulSet(
      InstanceModel m,
      Component component,
      String name,
      int replicas,
      Map<String, String> podAnnotations,
      PodSpec pod,
      StorageSpec storage,
      String claimSize) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), component, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withServiceName(name)
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Labels.selector(m.name(), component))
        .endSelector()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.claim(m.name(), component))
        .withAnnotations(podAnnotations.isEmpty() ? null : podAnnotations)
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .withVolumeClaimTemplates(claimTemplate(m, component, storage, claimSize))
        .endSpec()
        .build();
  }

  /**
   * What every data-tier pod has: no API token, no service env, non-root {@code uid}, pull secrets.
   */
  static PodSpecBuilder podSpec(InstanceModel m, long uid) {
    return new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(PodSecurity.pod(uid))
        .withImagePullSecrets(
            m.spec().getImagePullSecrets().isEmpty() ? null : m.spec().getImagePullSecrets());
  }
}
