package com.suresoft.ams.operator.dependent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a CRD is installed, from a GET on the CRD cached per name: a CRD is installed or removed
 * rarely, so one lookup per {@code ttl} (shared by every instance) replaces one per reconcile, and
 * no cluster-wide CRD informer (and its RBAC on every CRD) is needed. A reconciliation waiting for
 * a missing CRD reschedules itself after {@code ttl}, so installing CloudNativePG is picked up
 * within that time. Transient errors count as absent and are not cached.
 */
public final class CrdPresence {
  private record Entry(boolean present, Instant checkedAt) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public CrdPresence(KubernetesClient client, Clock clock, Duration ttl) {
    this.client = client;
    this.clock = clock;
    this.ttl = ttl;
  }

  public Duration ttl() {
    return ttl;
  }

  public boolean installed(String crdName) {
    var now = clock.instant();
    var cached = cache.get(crdName);
    if (cached != null && cached.checkedAt().plus(ttl).isAfter(now)) {
      return cached.present();
    }
    try {
      boolean present =
          client.apiextensions().v1().customResourceDefinitions().withName(crdName).get() != null;
      cache.put(crdName, new Entry(present, now));
      return present;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        // No right to read CRDs: the same answer as "not installed", and worth remembering.
        cache.put(crdName, new Entry(false, now));
      }
      return false;
    }
  }
}
