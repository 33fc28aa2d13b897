package com.suresoft.ams.operator.model.security;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rolls pods when the Secret values they use change. Kubernetes does not restart a pod whose
 * environment comes from a changed Secret, so the pod template carries a digest of exactly the keys
 * the pod reads ({@value #ANNOTATION}); a rotation (by the External Secrets Operator, by hand, or
 * by {@link JwtRotation}) changes the digest of the pods that use the rotated key and of no others.
 *
 * <p>The digest is a truncated SHA-256 of the key names and values (as Helm's {@code
 * checksum/secret} convention); it reveals nothing useful about high-entropy secrets.
 */
public final class SecretRollout {
  public static final String ANNOTATION = "ams.suresoft.com/secret-hash";

  private SecretRollout() {}

  /**
   * The keys of Secret {@code secretName} a pod reads: through {@code secretKeyRef} env, or all of
   * them through {@code envFrom} or a secret volume ({@code ALL_KEYS}).
   */
  public static Set<String> keysUsed(PodSpec pod, String secretName, Set<String> allKeys) {
    var keys = new TreeSet<String>();
    for (Container c : containers(pod)) {
      for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
        var ref = e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
        if (ref != null && secretName.equals(ref.getName())) {
          keys.add(ref.getKey());
        }
      }
      for (EnvFromSource f : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
        if (f.getSecretRef() != null && secretName.equals(f.getSecretRef().getName())) {
          keys.addAll(allKeys);
        }
      }
    }
    for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      if (v.getSecret() != null && secretName.equals(v.getSecret().getSecretName())) {
        keys.addAll(allKeys);
      }
    }
    return keys;
  }

  /**
   * The annotation value for a pod that uses {@code keys} of a Secret whose decoded data is {@code
   * data}; empty when it uses none (such pods never roll for the Secret).
   */
  public static Optional<String> digest(Set<String> keys, Map<String, String> data) {
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      for (String key : new TreeSet<>(keys)) {
        sha.update(key.getBytes(StandardCharsets.UTF_8));
        String value = data.get(key);
        // A missing key hashes differently from an empty one, so its arrival rolls the pods.
        sha.update(value == null ? new byte[] {1} : new byte[] {0});
        if (value != null) {
          sha.update(value.getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
      }
      return Optional.of(HexFormat.of().formatHex(sha.digest(), 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static List<Container> containers(PodSpec pod) {
    var all = new ArrayList<Container>();
    if (pod.getInitContainers() != null) {
      all.addAll(pod.getInitContainers());
    }
    if (pod.getContainers() != null) {
      all.addAll(pod.getContainers());
    }
    return all;
  }
}
