package com.suresoft.ams.testkit;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How tests asked the pods of Deployments to behave: the {@link PodReadiness} per Deployment or by
 * default, and which Deployments crash-loop. Written by test threads, read by the simulator's
 * worker.
 */
final class ReadinessSettings {

  private final Map<ObjectKey, PodReadiness> perDeployment = new ConcurrentHashMap<>();
  private final Set<ObjectKey> crashLooping = ConcurrentHashMap.newKeySet();
  private volatile PodReadiness defaults = PodReadiness.immediate();

  PodReadiness readiness(ObjectKey key) {
    return perDeployment.getOrDefault(key, defaults);
  }

  void set(ObjectKey key, PodReadiness readiness) {
    perDeployment.put(key, Objects.requireNonNull(readiness, "readiness"));
  }

  void setDefault(PodReadiness readiness) {
    defaults = Objects.requireNonNull(readiness, "readiness");
  }

  boolean isCrashLooping(ObjectKey key) {
    return crashLooping.contains(key);
  }

  void crashLoop(ObjectKey key) {
    crashLooping.add(key);
  }

  void stopCrashLoop(ObjectKey key) {
    crashLooping.remove(key);
  }
}
