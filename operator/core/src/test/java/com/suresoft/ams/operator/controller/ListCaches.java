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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Caches} from lists a test fills, counting the reads a step makes. */
final class ListCaches implements Caches {
  final List<PersistentVolumeClaim> claims = new ArrayList<>();
  final List<StatefulSet> statefulSets = new ArrayList<>();
  final List<Deployment> poolers = new ArrayList<>();
  final List<Job> jobs = new ArrayList<>();
  final List<Deployment> appDeployments = new ArrayList<>();
  final List<HorizontalPodAutoscaler> autoscalers = new ArrayList<>();
  final List<Ingress> ingresses = new ArrayList<>();
  final List<Service> services = new ArrayList<>();
  final List<HTTPRoute> routes = new ArrayList<>();
  int statefulSetReads;
  int routeReads;

  @Override
  public List<PersistentVolumeClaim> claims() {
    return List.copyOf(claims);
  }

  @Override
  public List<StatefulSet> dataStatefulSets() {
    statefulSetReads++;
    return List.copyOf(statefulSets);
  }

  @Override
  public List<Deployment> poolers() {
    return List.copyOf(poolers);
  }

  @Override
  public Optional<GenericKubernetesResource> cnpgCluster() {
    return Optional.empty();
  }

  @Override
  public List<Job> releaseJobs() {
    return List.copyOf(jobs);
  }

  @Override
  public List<Deployment> appDeployments() {
    return List.copyOf(appDeployments);
  }

  @Override
  public List<HorizontalPodAutoscaler> appAutoscalers() {
    return List.copyOf(autoscalers);
  }

  @Override
  public List<Ingress> ingresses() {
    return List.copyOf(ingresses);
  }

  @Override
  public List<Service> appServices() {
    return List.copyOf(services);
  }

  @Override
  public List<HTTPRoute> httpRoutes() {
    routeReads++;
    return List.copyOf(routes);
  }

  @Override
  public boolean exists(ResourceID instance) {
    return true;
  }
}
