package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.model.app.AppAutoscalers;
import com.suresoft.ams.operator.model.app.AppDeployments;
import com.suresoft.ams.operator.model.app.AppHttpRoute;
import com.suresoft.ams.operator.model.app.AppIngress;
import com.suresoft.ams.operator.model.app.AppServices;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.data.CloudNativePg;
import com.suresoft.ams.operator.model.data.CnpgCluster;
import com.suresoft.ams.operator.model.data.CnpgPooler;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.data.PostgresEndpoints;
import com.suresoft.ams.operator.model.monitoring.AlertRules;
import com.suresoft.ams.operator.model.monitoring.Dashboard;
import com.suresoft.ams.operator.model.monitoring.ServiceMonitors;
import com.suresoft.ams.operator.model.rollout.IstioRouting;
import com.suresoft.ams.operator.model.rollout.NginxCanaryIngress;
import com.suresoft.ams.operator.model.rollout.ReleaseServices;
import com.suresoft.ams.operator.model.rollout.ReleaseView;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import com.suresoft.ams.operator.model.security.DataTls;
import com.suresoft.ams.operator.model.security.DisruptionBudgets;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import com.suresoft.ams.operator.model.security.NetworkPolicies;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every object an instance becomes, part by part: each part is the set one dependent applies, and
 * is built here only. The dependents take their part from here and {@link #objects} (what {@code
 * render} prints) lists them all, so the two cannot drift apart: a part added for a dependent is a
 * part of the render; how a part is made up (which Services, which Ingresses) is written once.
 *
 * <p>{@link #objects} lists the parts in the workflow's order, each where the workflow activates
 * its dependent (the optional CRD served, the spec's modes). That gating is the one thing written
 * twice, here and in the workflow's conditions; {@code RenderMatchesApplyIT} holds them together.
 * What only a cluster can tell comes in as {@link Cluster}; {@code render} has none ({@link
 * Cluster#offline()}).
 */
public final class Stack {
  private Stack() {}

  /**
   * What the objects rest on that only the cluster can tell.
   *
   * @param served the versions the optional CRDs serve there
   * @param postgresReplicas the PostgreSQL pods with an address (the {@code -ro} EndpointSlices)
   * @param tlsSecrets the operator-issued TLS Secrets as they are, by name (kept while good; used
   *     only where cert-manager is not served)
   * @param now when certificates are issued; used only with {@code keys}
   * @param keys new key pairs, asked only where the operator issues a certificate
   */
  public record Cluster(
      ServedVersions served,
      List<PostgresEndpoints.Replica> postgresReplicas,
      Map<String, Secret> tlsSecrets,
      Instant now,
      Supplier<KeyPair> keys) {

    /**
     * No cluster, as {@code render} sees it: every optional kind served in the newest version the
     * operator writes, so cert-manager issues the data tier's certificates (a render could not show
     * keys anyway); no PostgreSQL pod yet, so no EndpointSlice.
     */
    public static Cluster offline() {
      return new Cluster(
          ServedVersions.newest(),
          List.of(),
          Map.of(),
          Instant.EPOCH,
          () -> {
            throw new IllegalStateException("offline, cert-manager issues the certificates");
          });
    }
  }

  /** {@link #objects(InstanceModel, ReleaseView, Map, SecretValueGenerator, Cluster)} offline. */
  public static List<HasMetadata> objects(
      InstanceModel m,
      ReleaseView release,
      Map<String, String> existingSecret,
      SecretValueGenerator secretValues) {
    return objects(m, release, existingSecret, secretValues, Cluster.offline());
  }

  /**
   * Every object, in apply order.
   *
   * @param existingSecret the values of {@code <name>-secrets} as they are (as the External Secrets
   *     Operator wrote them, with provider ExternalSecrets)
   * @param secretValues generates the values {@code existingSecret} lacks
   */
  public static List<HasMetadata> objects(
      InstanceModel m,
      ReleaseView release,
      Map<String, String> existingSecret,
      SecretValueGenerator secretValues,
      Cluster cluster) {
    var served = cluster.served();
    var objects = new ArrayList<HasMetadata>();
    Map<String, String> secretData = existingSecret;
    // With provider ExternalSecrets the Secret is ESO's: the operator writes the ExternalSecret.
    if (ExternalSecrets.enabled(m)) {
      served
          .chosen(OptionalCrd.EXTERNAL_SECRET)
          .ifPresent(
              v -> add(objects, externalSecrets(m, OptionalCrd.EXTERNAL_SECRET.apiVersion(v))));
    } else {
      var secret = appSecret(m, existingSecret, secretValues);
      objects.add(secret);
      secretData = AppSecret.decode(secret);
    }
    if (served.usable(OptionalCrd.CERT_MANAGER)) {
      add(objects, issuers(m));
      add(objects, certificates(m));
    } else {
      add(objects, tlsSecrets(m, cluster.tlsSecrets(), cluster.now(), cluster.keys()));
    }
    add(objects, dataConfigMaps(m));
    add(objects, dataServices(m));
    add(objects, postgresEndpoints(m, cluster.postgresReplicas()));
    add(objects, dataStatefulSets(m, DataTierInputs.fresh()));
    add(objects, pgBouncer(m));
    add(objects, bucketJobs(m));
    add(objects, backupCronJobs(m));
    if (DataTier.cloudNativePg(m) && served.usable(OptionalCrd.CNPG_CLUSTER)) {
      objects.add(cnpgCluster(m));
      if (m.spec().getDatabase().getPooler().getEnabled()) {
        objects.add(cnpgPooler(m));
      }
    }
    add(objects, appDeployments(m, release.appTier(), secretData));
    add(objects, appServices(m, release.routing()));
    add(objects, autoscalers(m, release.appTier()));
    add(objects, ingresses(m, release.routing()));
    if (served.usable(OptionalCrd.HTTP_ROUTE)) {
      add(objects, httpRoutes(m, release.routing()));
    }
    served
        .chosen(OptionalCrd.ISTIO)
        .map(OptionalCrd.ISTIO::apiVersion)
        .ifPresent(
            istio -> {
              add(objects, virtualServices(m, release.routing(), istio));
              add(objects, destinationRules(m, release.routing(), istio));
            });
    add(objects, networkPolicies(m));
    add(objects, disruptionBudgets(m));
    if (served.usable(OptionalCrd.SERVICE_MONITOR)) {
      add(objects, serviceMonitors(m));
    }
    if (served.usable(OptionalCrd.PROMETHEUS_RULE)) {
      add(objects, prometheusRules(m));
    }
    add(objects, dashboards(m));
    return objects;
  }

  // The parts, one per dependent, each keyed by name.

  /**
   * The Secret {@code <name>-secrets}, keeping the values of {@code kept}.
   *
   * @param generator called only for generated keys that {@code kept} lacks
   */
  public static Secret appSecret(
      InstanceModel m, Map<String, String> kept, SecretValueGenerator generator) {
    return AppSecret.desired(m, kept, generator);
  }

  /** The ExternalSecret of provider ExternalSecrets, in {@code apiVersion}. */
  public static Map<String, GenericKubernetesResource> externalSecrets(
      InstanceModel m, String apiVersion) {
    return byName(ExternalSecrets.desired(m, apiVersion));
  }

  /** The data tier's CA and server Secrets as the operator issues them without cert-manager. */
  public static Map<String, Secret> tlsSecrets(
      InstanceModel m, Map<String, Secret> existing, Instant now, Supplier<KeyPair> keys) {
    return GeneratedTls.desired(m, existing, now, keys);
  }

  /** cert-manager's Issuers of the data tier. */
  public static Map<String, GenericKubernetesResource> issuers(InstanceModel m) {
    return DataTls.issuers(m);
  }

  /** cert-manager's Certificates of the data tier. */
  public static Map<String, GenericKubernetesResource> certificates(InstanceModel m) {
    return DataTls.certificates(m);
  }

  public static Map<String, ConfigMap> dataConfigMaps(InstanceModel m) {
    return DataTier.configMaps(m);
  }

  public static Map<String, Service> dataServices(InstanceModel m) {
    return DataTier.services(m);
  }

  /** The EndpointSlices of {@code <name>-postgres-ro}, which has no selector. */
  public static Map<String, EndpointSlice> postgresEndpoints(
      InstanceModel m, List<PostgresEndpoints.Replica> replicas) {
    return PostgresEndpoints.readOnly(m, replicas);
  }

  public static Map<String, StatefulSet> dataStatefulSets(InstanceModel m, DataTierInputs data) {
    return DataTier.statefulSets(m, data);
  }

  public static Map<String, Deployment> pgBouncer(InstanceModel m) {
    return DataTier.deployments(m);
  }

  public static Map<String, Job> bucketJobs(InstanceModel m) {
    return DataTier.jobs(m);
  }

  public static Map<String, CronJob> backupCronJobs(InstanceModel m) {
    return DataTier.cronJobs(m);
  }

  public static CnpgCluster cnpgCluster(InstanceModel m) {
    return CloudNativePg.cluster(m);
  }

  public static CnpgPooler cnpgPooler(InstanceModel m) {
    return CloudNativePg.pooler(m);
  }

  /** web, API and worker Deployments, one per planned slot, with the digests of the Secret. */
  public static Map<String, Deployment> appDeployments(
      InstanceModel m, AppTierPlan plan, Map<String, String> secretData) {
    return AppDeployments.desired(m, plan, secretData);
  }

  /**
   * The web and API Services, the stable Services of an HTTPRoute and, during a release, the
   * preview (blue-green) and canary (nginx, Gateway API) Services: one set, because they share kind
   * and labels.
   */
  public static Map<String, Service> appServices(InstanceModel m, RoutingIntent routing) {
    var services = new LinkedHashMap<>(AppServices.desired(m, routing));
    services.putAll(ReleaseServices.preview(m, routing));
    services.putAll(ReleaseServices.canary(m, routing));
    services.putAll(ReleaseServices.stable(m, routing));
    return services;
  }

  public static Map<String, HorizontalPodAutoscaler> autoscalers(
      InstanceModel m, AppTierPlan plan) {
    return AppAutoscalers.desired(m, plan);
  }

  /** {@code <name>-ingress} and, while an nginx-routed canary takes traffic, its canary Ingress. */
  public static Map<String, Ingress> ingresses(InstanceModel m, RoutingIntent routing) {
    var ingresses = new LinkedHashMap<String, Ingress>();
    AppIngress.desired(m).ifPresent(i -> ingresses.put(i.getMetadata().getName(), i));
    NginxCanaryIngress.desired(m, routing)
        .ifPresent(i -> ingresses.put(i.getMetadata().getName(), i));
    return ingresses;
  }

  public static Map<String, HTTPRoute> httpRoutes(InstanceModel m, RoutingIntent routing) {
    return byName(AppHttpRoute.desired(m, routing));
  }

  public static Map<String, VirtualService> virtualServices(
      InstanceModel m, RoutingIntent routing, String apiVersion) {
    return IstioRouting.virtualServices(m, routing, apiVersion);
  }

  public static Map<String, DestinationRule> destinationRules(
      InstanceModel m, RoutingIntent routing, String apiVersion) {
    return IstioRouting.destinationRules(m, routing, apiVersion);
  }

  public static Map<String, NetworkPolicy> networkPolicies(InstanceModel m) {
    return NetworkPolicies.desired(m);
  }

  public static Map<String, PodDisruptionBudget> disruptionBudgets(InstanceModel m) {
    return DisruptionBudgets.desired(m);
  }

  public static Map<String, GenericKubernetesResource> serviceMonitors(InstanceModel m) {
    return ServiceMonitors.desired(m);
  }

  public static Map<String, GenericKubernetesResource> prometheusRules(InstanceModel m) {
    return byName(AlertRules.desired(m));
  }

  /** The Grafana dashboard ConfigMap. */
  public static Map<String, ConfigMap> dashboards(InstanceModel m) {
    return byName(Dashboard.desired(m));
  }

  private static <T extends HasMetadata> Map<String, T> byName(Optional<T> object) {
    return object.map(o -> Map.of(o.getMetadata().getName(), o)).orElse(Map.of());
  }

  private static void add(List<HasMetadata> objects, Map<String, ? extends HasMetadata> part) {
    objects.addAll(part.values());
  }
}
