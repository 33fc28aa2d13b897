package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.OptionalCrd;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Looks the optional CRDs up by name (a GET per CRD), at most once per {@code recheckInterval} for
 * the whole operator, however many instances reconcile: a reconciliation reads the cached answer
 * and makes no API call. Chosen over a watch on CustomResourceDefinitions, which would cache every
 * CRD of the cluster (some are megabytes) to learn about three; and over JOSDK's
 * CRDPresentActivationCondition, which gives up after ten looks, so a Prometheus Operator installed
 * an hour later would go unnoticed until a restart. Needs {@code get} on customresourcedefinitions.
 */
public final class CachedCrdPresence implements CrdPresence {
  private record Seen(boolean present, Instant at) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration recheckInterval;
  private final Map<OptionalCrd, Seen> seen = new EnumMap<>(OptionalCrd.class);

  public CachedCrdPresence(KubernetesClient client, Clock clock, Duration recheckInterval) {
    this.client = client;
    this.clock = clock;
    this.recheckInterval = recheckInterval;
  }

  @Override
  public synchronized Set<OptionalCrd> installed() {
    var now = clock.instant();
    var result = EnumSet.noneOf(OptionalCrd.class);
    for (OptionalCrd crd : OptionalCrd.values()) {
      var last = seen.get(crd);
      if (last == null || !now.isBefore(last.at().plus(recheckInterval))) {
        boolean present =
            client.resources(CustomResourceDefinition.class).withName(crd.crdName()).get() != null;
        last = new Seen(present, now);
        seen.put(crd, last);
      }
      if (last.present()) {
        result.add(crd);
      }
    }
    return result;
  }

  @Override
  public Duration recheckInterval() {
    return recheckInterval;
  }
}
