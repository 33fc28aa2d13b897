package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.data.CnpgCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.NoEventSourceForClassException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** {@link Caches} from the informers of the workflow's dependents and of the reconciler. */
final class InformerCaches implements Caches {
  private final AmsInstance instance;
  private final Context<AmsInstance> context;

  InformerCaches(AmsInstance instance, Context<AmsInstance> context) {
    this.instance = instance;
    this.context = context;
  }

  @Override
  public List<PersistentVolumeClaim> claims() {
    return secondary(PersistentVolumeClaim.class, AmsInstanceReconciler.DATA_CLAIMS);
  }

  @Override
  public List<StatefulSet> dataStatefulSets() {
    return secondary(StatefulSet.class, AmsInstanceReconciler.DATA_STATEFULSETS);
  }

  @Override
  public List<Deployment> poolers() {
    return secondary(Deployment.class, AmsInstanceReconciler.PGBOUNCER);
  }

  @Override
  public Optional<GenericKubernetesResource> cnpgCluster() {
    try {
      return context
          .eventSourceRetriever()
          .getEventSourceFor(CnpgCluster.class, AmsInstanceReconciler.CNPG_CLUSTER)
          .getSecondaryResource(instance)
          .map(c -> (GenericKubernetesResource) c);
    } catch (NoEventSourceForClassException e) {
      // Its informer is registered by the workflow on the first reconcile in CNPG mode.
      return Optional.empty();
    }
  }

  @Override
  public List<Job> releaseJobs() {
    return secondary(Job.class, AmsInstanceReconciler.RELEASE_JOBS);
  }

  @Override
  public List<Deployment> appDeployments() {
    return secondary(Deployment.class, AmsInstanceReconciler.APP_DEPLOYMENTS);
  }

  @Override
  public List<HorizontalPodAutoscaler> appAutoscalers() {
    return secondary(HorizontalPodAutoscaler.class, AmsInstanceReconciler.APP_AUTOSCALERS);
  }

  @Override
  public List<Ingress> ingresses() {
    return secondary(Ingress.class, AmsInstanceReconciler.APP_INGRESS);
  }

  @Override
  public List<Service> appServices() {
    return secondary(Service.class, AmsInstanceReconciler.APP_SERVICES);
  }

  @Override
  public List<HTTPRoute> httpRoutes() {
    try {
      return secondary(HTTPRoute.class, AmsInstanceReconciler.HTTP_ROUTE);
    } catch (NoEventSourceForClassException e) {
      // Registered by the workflow on the first reconcile that finds the CRD; no route yet then.
      return List.of();
    }
  }

  @Override
  public boolean exists(ResourceID id) {
    return context.getPrimaryCache().get(id).isPresent();
  }

  /**
   * The values of the Secrets the operator writes for the instance (the app Secret, the data tier's
   * certificates), as stored and decoded: what an error message must never carry into the status.
   */
  List<String> secretValues() {
    var values = new ArrayList<String>();
    for (String source : List.of(AmsInstanceReconciler.SECRET, AmsInstanceReconciler.DATA_TLS)) {
      List<Secret> secrets;
      try {
        secrets = secondary(Secret.class, source);
      } catch (RuntimeException e) {
        continue; // no informer (yet): nothing of it can be in a message either
      }
      for (Secret s : secrets) {
        if (s.getData() != null) {
          for (String value : s.getData().values()) {
            values.add(value);
            values.add(decoded(value));
          }
        }
      }
    }
    return values;
  }

  private static String decoded(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return base64;
    }
  }

  private <R extends HasMetadata> List<R> secondary(Class<R> type, String eventSource) {
    return List.copyOf(
        context
            .eventSourceRetriever()
            .getEventSourceFor(type, eventSource)
            .getSecondaryResources(instance));
  }
}
