package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.release.ObservedSlots;
import com.suresoft.ams.operator.status.DataTierReadiness;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one pass read before it changed anything, read once ({@link Observe}): the informer caches,
 * the optional CRDs' served versions and the referenced Secrets' key names. Planning and applying
 * use only this. Of a pass with an invalid spec only the claims (validation read them).
 *
 * @param cnpgInstalled CloudNativePG mode, and its Cluster CRD is usable
 * @param waitsForCnpgCrd CloudNativePG mode without that CRD: its installation sends no event
 * @param secretKeys key names of the Secrets the instance reads but the operator does not write
 * @param waitsForSecret one of those is missing: its appearance sends no event either
 * @param data the data tier's readiness: the app tier's gate, and what the status reports
 * @param releaseJobs the migration and smoke-check Jobs this instance owns
 * @param slots the app tier's Deployments and HPAs as the release planner reads them
 * @param lingeringCanary the slot the canary Services select while an ended release's canary
 *     Ingress or route still points at them
 */
record Snapshot(
    List<PersistentVolumeClaim> claims,
    ServedVersions served,
    boolean cnpgInstalled,
    boolean waitsForCnpgCrd,
    Map<String, Set<String>> secretKeys,
    boolean waitsForSecret,
    List<StatefulSet> dataStatefulSets,
    DataTierReadiness.Result data,
    List<Job> releaseJobs,
    List<Deployment> appDeployments,
    ObservedSlots slots,
    Optional<Slot> lingeringCanary) {

  /** A pass with an invalid spec reads nothing beyond the claims it validated against. */
  static Snapshot ofInvalid(List<PersistentVolumeClaim> claims) {
    return new Snapshot(
        claims,
        ServedVersions.none(),
        false,
        false,
        Map.of(),
        false,
        List.of(),
        null,
        List.of(),
        List.of(),
        ObservedSlots.NONE,
        Optional.empty());
  }
}
