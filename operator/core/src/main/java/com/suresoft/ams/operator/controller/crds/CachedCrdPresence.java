package com.suresoft.ams.operator.controller.crds;

import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ServedVersions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Looks the optional CRDs up by name (a GET per CRD) and reads which versions each serves ({@code
 * spec.versions[].served}: an operator upgrade can stop serving one, as ESO 0.17 did v1beta1), at
 * most once per {@code recheckInterval} for the whole operator, however many instances reconcile: a
 * reconciliation reads the cached answer and makes no API call. Chosen over a watch on
 * CustomResourceDefinitions, which would cache every CRD of the cluster (some are megabytes) to
 * learn about three; and over JOSDK's CRDPresentActivationCondition, which gives up after ten
 * looks, so a Prometheus Operator installed an hour later would go unnoticed until a restart. Needs
 * {@code get} on customresourcedefinitions.
 */
public final class CachedCrdPresence implements CrdPresence {
  /** The served versions, or null when the CRD was not there. */
  private record Seen(List<String> served, Instant at) {}

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
  public synchronized ServedVersions served() {
    var now = clock.instant();
    var result = new EnumMap<OptionalCrd, List<String>>(OptionalCrd.class);
    for (OptionalCrd crd : OptionalCrd.values()) {
      var last = seen.get(crd);
      if (last == null || !now.isBefore(last.at().plus(recheckInterval))) {
        var found = client.resources(CustomResourceDefinition.class).withName(crd.crdName()).get();
        last = new Seen(found == null ? null : servedVersions(found), now);
        seen.put(crd, last);
      }
      if (last.served() != null) {
        result.put(crd, last.served());
      }
    }
    return new ServedVersions(result);
  }

  static List<String> servedVersions(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getServed()))
        .map(CustomResourceDefinitionVersion::getName)
        .toList();
  }

  @Override
  public Duration recheckInterval() {
    return recheckInterval;
  }
}
