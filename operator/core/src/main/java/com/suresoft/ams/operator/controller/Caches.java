package com.suresoft.ams.operator.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Optional;

/**
 * What the informers hold about one instance, each call as the cache is now; no call makes an API
 * request. An interface so that the steps that read it ({@link Validate}, {@link Observe}) are
 * tested with lists instead of a running operator.
 */
interface Caches {
  /** The data tier's PersistentVolumeClaims (their sizes: the shrink check, volume growth). */
  List<PersistentVolumeClaim> claims();

  List<StatefulSet> dataStatefulSets();

  /** The PgBouncer Deployments (a data-tier workload). */
  List<Deployment> poolers();

  /** Empty too while its informer is not registered (the workflow registers it in CNPG mode). */
  Optional<GenericKubernetesResource> cnpgCluster();

  /** The release Jobs labelled with the instance, owned by it or not. */
  List<Job> releaseJobs();

  List<Deployment> appDeployments();

  List<HorizontalPodAutoscaler> appAutoscalers();

  /** The main and the nginx canary Ingress. */
  List<Ingress> ingresses();

  List<Service> appServices();

  /** Empty too while its informer is not registered (the workflow registers it once the CRD is). */
  List<HTTPRoute> httpRoutes();

  /** Whether an instance is still there (memos of deleted instances are dropped). */
  boolean exists(ResourceID instance);
}
