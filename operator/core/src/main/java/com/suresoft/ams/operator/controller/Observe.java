package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.controller.crds.CrdPresence;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.rollout.ReleaseServices;
import com.suresoft.ams.operator.release.Observed;
import com.suresoft.ams.operator.status.DataIssue;
import com.suresoft.ams.operator.status.DataTierReadiness;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import com.suresoft.ams.operator.status.WorkloadReadiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what a pass decides from, once, before anything is changed ({@link #snapshot}); and, once
 * after the workflow, what the status reports about the components ({@link #afterApply}). Besides
 * the informer caches, only the optional CRDs' presence and the referenced Secrets are read, both
 * remembered so that a steady pass makes no API call.
 */
final class Observe {
  private final CrdPresence crds;
  private final ReferencedSecrets referencedSecrets;

  Observe(CrdPresence crds, ReferencedSecrets referencedSecrets) {
    this.crds = crds;
    this.referencedSecrets = referencedSecrets;
  }

  /** What the pass plans and applies from; {@code claims} were read for the verdict already. */
  Snapshot snapshot(
      AmsInstance instance, Verdict verdict, List<PersistentVolumeClaim> claims, Caches caches) {
    if (!verdict.valid()) {
      return Snapshot.ofInvalid(claims);
    }
    var model = verdict.model();
    var served = crds.served();
    boolean cnpgMode = DataTier.cloudNativePg(model);
    boolean cnpg = cnpgMode && served.usable(OptionalCrd.CNPG_CLUSTER);
    var readSecrets = DataTier.readSecrets(model);
    var secretKeys =
        referencedSecrets.keys(
            ResourceID.fromResource(instance), instance.getMetadata().getGeneration(), readSecrets);
    var statefulSets = caches.dataStatefulSets();
    var deployments = caches.appDeployments();
    return new Snapshot(
        claims,
        served,
        cnpg,
        cnpgMode && !cnpg,
        secretKeys,
        // A Secret that appears sends no event (nothing watches it): look again soon.
        !secretKeys.keySet().containsAll(readSecrets),
        statefulSets,
        dataTier(model, statefulSets, secretKeys, cnpg, caches),
        ownedBy(instance, caches.releaseJobs()),
        deployments,
        Observed.slots(model.names(), deployments, caches.appAutoscalers()),
        lingeringCanarySlot(
            model.names(),
            caches.ingresses(),
            caches.appServices(),
            served.usable(OptionalCrd.HTTP_ROUTE) ? caches.httpRoutes() : List.of()));
  }

  /**
   * The components as the workflow left them: the app tier's serving slot from the cache as it is
   * now, so that the Deployments the workflow just created count; and the data tier as observed
   * before, or, when a workload was missing then and the workflow ran, observed once more, so that
   * what the workflow just created shows its version in this pass's status already and not in one
   * more status write on the next pass. That second look is the only one, and only then.
   */
  AfterApply afterApply(Verdict verdict, Snapshot seen, PassPlan plan, Applied applied, Caches c) {
    if (!verdict.valid()) {
      return new AfterApply(Map.of(), List.of());
    }
    var model = verdict.model();
    var data = seen.data();
    if (applied.workflowRan() && data.missesAWorkload()) {
      data = dataTier(model, c.dataStatefulSets(), seen.secretKeys(), seen.cnpgInstalled(), c);
    }
    var components = appComponents(model, plan.release().appTier(), c.appDeployments());
    components.putAll(data.components());
    var issues = new ArrayList<DataIssue>(data.issues());
    issues.addAll(applied.volumeIssues());
    return new AfterApply(components, issues);
  }

  /** The data tier as the informers hold it, and the referenced Secrets' key names. */
  private static DataTierReadiness.Result dataTier(
      InstanceModel model,
      List<StatefulSet> statefulSets,
      Map<String, Set<String>> secretKeys,
      boolean cnpgInstalled,
      Caches caches) {
    return DataTierReadiness.evaluate(
        model,
        new DataTierReadiness.Facts(
            byName(statefulSets),
            byName(caches.poolers()),
            secretKeys,
            cnpgInstalled,
            cnpgInstalled ? caches.cnpgCluster() : Optional.empty()));
  }

  /**
   * Only this instance's Jobs: a deleted instance of the same name may have left its succeeded
   * migration Job in the cache, which must not count for the new one.
   */
  static List<Job> ownedBy(AmsInstance instance, List<Job> jobs) {
    String uid = instance.getMetadata().getUid();
    return jobs.stream()
        .filter(
            j ->
                j.getMetadata().getOwnerReferences() != null
                    && j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getUid().equals(uid)))
        .toList();
  }

  /**
   * While the informer still holds the nginx canary Ingress of a release that has ended, or an
   * HTTPRoute that still sends to the canary Services: the slot those Services select now (they
   * keep it until nothing points at them; the candidate's pods are still there then, draining after
   * an abort or serving after a promotion). Services are applied before the Ingress and the route,
   * so without this they would be deleted while still referenced. {@code routes}: none where the
   * HTTPRoute CRD is not installed.
   */
  static Optional<Slot> lingeringCanarySlot(
      ResourceNames names,
      List<Ingress> ingresses,
      List<Service> services,
      List<HTTPRoute> routes) {
    String ingress = names.canaryIngress();
    boolean left =
        ingresses.stream().anyMatch(i -> ingress.equals(i.getMetadata().getName()))
            || routeSendsToCanary(names, routes);
    if (!left) {
      return Optional.empty();
    }
    String service = names.canaryService(Component.API);
    return services.stream()
        .filter(s -> service.equals(s.getMetadata().getName()))
        .map(s -> s.getSpec().getSelector().get(Labels.SLOT))
        .filter(Objects::nonNull)
        .map(Slot::valueOf)
        .findFirst();
  }

  /** Whether a cached HTTPRoute has a backend that is a canary Service. */
  private static boolean routeSendsToCanary(ResourceNames names, List<HTTPRoute> routes) {
    var canary =
        ReleaseServices.ROUTED.stream().map(names::canaryService).collect(Collectors.toSet());
    return routes.stream()
        .filter(r -> r.getSpec() != null && r.getSpec().getRules() != null)
        .flatMap(r -> r.getSpec().getRules().stream())
        .filter(rule -> rule.getBackendRefs() != null)
        .flatMap(rule -> rule.getBackendRefs().stream())
        .anyMatch(b -> canary.contains(b.getName()));
  }

  /** Readiness of the slot serving users, per component. */
  static Map<Component, ComponentObservation> appComponents(
      InstanceModel model, AppTierPlan plan, List<Deployment> deployments) {
    var result = new LinkedHashMap<Component, ComponentObservation>();
    Map<String, Deployment> byName = byName(deployments);
    for (SlotPlan slot : plan.slots()) {
      if (slot.slot() != plan.activeSlot()) {
        continue; // components report the slot that serves users
      }
      // An autoscaled component is not ready below its HPA's minimum: a new Deployment starts
      // at one pod until the HPA scales it.
      var autoscaling = AppTierPlan.componentSpec(model, slot.component()).getAutoscaling();
      int floor = autoscaling.getEnabled() ? autoscaling.getMinReplicas() : 0;
      var deployment = byName.get(model.names().deployment(slot.component(), slot.slot()));
      if (deployment == null) {
        int desired = slot.replicas() == null ? Math.max(1, floor) : slot.replicas();
        result.put(
            slot.component(), new ComponentObservation(WorkloadReadiness.missing(desired), null));
      } else {
        result.put(
            slot.component(),
            new ComponentObservation(
                WorkloadReadiness.of(deployment).atLeast(floor),
                deployment.getMetadata().getLabels().get(Labels.VERSION)));
      }
    }
    return result;
  }

  private static <R extends HasMetadata> Map<String, R> byName(List<R> objects) {
    return objects.stream()
        .collect(Collectors.toMap(o -> o.getMetadata().getName(), Function.identity()));
  }
}
