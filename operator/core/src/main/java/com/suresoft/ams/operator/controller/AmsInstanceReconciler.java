package com.suresoft.ams.operator.controller;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cache.StatusThrottle;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.controller.crds.CnpgActivation;
import com.suresoft.ams.operator.controller.crds.CrdInstalled;
import com.suresoft.ams.operator.controller.crds.CrdPresence;
import com.suresoft.ams.operator.dependent.AppAutoscalersDependent;
import com.suresoft.ams.operator.dependent.AppDeploymentsDependent;
import com.suresoft.ams.operator.dependent.AppIngressDependent;
import com.suresoft.ams.operator.dependent.AppSecretDependent;
import com.suresoft.ams.operator.dependent.AppServicesDependent;
import com.suresoft.ams.operator.dependent.BackupCronJobDependent;
import com.suresoft.ams.operator.dependent.CertificatesDependent;
import com.suresoft.ams.operator.dependent.ChildApplyException;
import com.suresoft.ams.operator.dependent.ChildWrites;
import com.suresoft.ams.operator.dependent.CnpgClusterDependent;
import com.suresoft.ams.operator.dependent.CnpgPoolerCondition;
import com.suresoft.ams.operator.dependent.CnpgPoolerDependent;
import com.suresoft.ams.operator.dependent.DashboardDependent;
import com.suresoft.ams.operator.dependent.DataConfigMapsDependent;
import com.suresoft.ams.operator.dependent.DataServicesDependent;
import com.suresoft.ams.operator.dependent.DataStatefulSetsDependent;
import com.suresoft.ams.operator.dependent.DataTierMaintenance;
import com.suresoft.ams.operator.dependent.DataTierReadyCondition;
import com.suresoft.ams.operator.dependent.DataTlsSecretsDependent;
import com.suresoft.ams.operator.dependent.DestinationRulesDependent;
import com.suresoft.ams.operator.dependent.DisruptionBudgetsDependent;
import com.suresoft.ams.operator.dependent.ExternalSecretDependent;
import com.suresoft.ams.operator.dependent.HttpRouteDependent;
import com.suresoft.ams.operator.dependent.MinioBucketJobDependent;
import com.suresoft.ams.operator.dependent.NetworkPoliciesDependent;
import com.suresoft.ams.operator.dependent.NoForeignObjects;
import com.suresoft.ams.operator.dependent.PgBouncerDependent;
import com.suresoft.ams.operator.dependent.PostgresEndpointsDependent;
import com.suresoft.ams.operator.dependent.PrometheusRulesDependent;
import com.suresoft.ams.operator.dependent.ReconcileInputs;
import com.suresoft.ams.operator.dependent.ReferencedSecrets;
import com.suresoft.ams.operator.dependent.ReleaseJobRunner;
import com.suresoft.ams.operator.dependent.ReplicaHandover;
import com.suresoft.ams.operator.dependent.ServiceMonitorsDependent;
import com.suresoft.ams.operator.dependent.TlsIssuing;
import com.suresoft.ams.operator.dependent.VirtualServicesDependent;
import com.suresoft.ams.operator.events.ByInstanceLabel;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.app.AppIngress;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.data.CnpgCluster;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.data.DataVolumes;
import com.suresoft.ams.operator.model.rollout.JobState;
import com.suresoft.ams.operator.model.rollout.ReleaseServices;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.JwtRotation;
import com.suresoft.ams.operator.release.AnalysisResult;
import com.suresoft.ams.operator.release.Observed;
import com.suresoft.ams.operator.release.ReleaseInputs;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.status.DataIssue;
import com.suresoft.ams.operator.status.DataTierReadiness;
import com.suresoft.ams.operator.status.Integrations;
import com.suresoft.ams.operator.status.Observation;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import com.suresoft.ams.operator.status.Observation.Integration;
import com.suresoft.ams.operator.status.ReleaseGauges;
import com.suresoft.ams.operator.status.StatusAggregator;
import com.suresoft.ams.operator.status.TransitionEvents;
import com.suresoft.ams.operator.status.WorkloadReadiness;
import com.suresoft.ams.operator.validation.CurrentVolumes;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.NoEventSourceForClassException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, validate, reconcile: the glue between JOSDK and the pure parts. An invalid or paused
 * instance never reaches the workflow, so nothing that runs is changed; the status says why.
 * Generation-awareness is off because action annotations (promote, abort, ...) change only
 * metadata; a reconcile that finds nothing to do writes nothing.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      // A set others depend on is not ready while it left out someone else's object of a name it
      // would write (NoForeignObjects): what depends on it waits rather than points at that object.
      @Dependent(
          name = AmsInstanceReconciler.SECRET,
          type = AppSecretDependent.class,
          readyPostcondition = NoForeignObjects.class),
      // Other operators' kinds: active only while their CRD is installed, in the version the
      // operator writes there (one dependent per version, at most one active), and no other
      // dependent depends on them (JOSDK deletes the dependents of an inactive node).
      @Dependent(
          name = "external-secret",
          type = ExternalSecretDependent.class,
          activationCondition = CrdInstalled.ExternalSecretsV1.class),
      @Dependent(
          name = "external-secret-v1beta1",
          type = ExternalSecretDependent.V1beta1.class,
          activationCondition = CrdInstalled.ExternalSecretsV1beta1.class),
      // The data tier's certificates: issued by the operator, or by cert-manager where it is
      // installed (then the first set writes nothing and the other two are active).
      @Dependent(
          name = AmsInstanceReconciler.DATA_TLS,
          type = DataTlsSecretsDependent.class,
          readyPostcondition = NoForeignObjects.class),
      @Dependent(
          name = "cert-manager-issuers",
          type = CertificatesDependent.Issuers.class,
          activationCondition = CrdInstalled.CertManager.class),
      @Dependent(
          name = "cert-manager-certificates",
          type = CertificatesDependent.class,
          activationCondition = CrdInstalled.CertManager.class),
      @Dependent(
          name = AmsInstanceReconciler.DATA_CONFIG,
          type = DataConfigMapsDependent.class,
          readyPostcondition = NoForeignObjects.class),
      @Dependent(name = AmsInstanceReconciler.DATA_SERVICES, type = DataServicesDependent.class),
      // The endpoints of the -ro Service, which has no selector.
      @Dependent(
          name = "postgres-endpoints",
          type = PostgresEndpointsDependent.class,
          dependsOn = AmsInstanceReconciler.DATA_SERVICES),
      // The gate: its ready postcondition is the whole data tier's readiness (DataTierReadiness),
      // and the app's Deployments depend on it.
      @Dependent(
          name = AmsInstanceReconciler.DATA_STATEFULSETS,
          type = DataStatefulSetsDependent.class,
          dependsOn = {
            AmsInstanceReconciler.SECRET,
            AmsInstanceReconciler.DATA_CONFIG,
            AmsInstanceReconciler.DATA_TLS
          },
          readyPostcondition = DataTierReadyCondition.class),
      @Dependent(
          name = AmsInstanceReconciler.PGBOUNCER,
          type = PgBouncerDependent.class,
          dependsOn = {
            AmsInstanceReconciler.SECRET,
            AmsInstanceReconciler.DATA_CONFIG,
            AmsInstanceReconciler.DATA_TLS
          }),
      @Dependent(
          name = "backup",
          type = BackupCronJobDependent.class,
          dependsOn = AmsInstanceReconciler.DATA_CONFIG),
      // After the NetworkPolicies: on a policy-enforcing cluster the Job's pod reaches MinIO only
      // through its rules (the release Jobs are created after the workflow, so after them too).
      @Dependent(
          name = "minio-buckets",
          type = MinioBucketJobDependent.class,
          dependsOn = {
            AmsInstanceReconciler.DATA_CONFIG,
            AmsInstanceReconciler.DATA_STATEFULSETS,
            AmsInstanceReconciler.NETWORK_POLICIES
          }),
      @Dependent(
          name = AmsInstanceReconciler.CNPG_CLUSTER,
          type = CnpgClusterDependent.class,
          activationCondition = CnpgActivation.class,
          readyPostcondition = NoForeignObjects.class),
      @Dependent(
          name = "cnpg-pooler",
          type = CnpgPoolerDependent.class,
          activationCondition = CnpgActivation.class,
          reconcilePrecondition = CnpgPoolerCondition.class,
          dependsOn = AmsInstanceReconciler.CNPG_CLUSTER),
      @Dependent(
          name = AmsInstanceReconciler.APP_DEPLOYMENTS,
          type = AppDeploymentsDependent.class,
          dependsOn = {AmsInstanceReconciler.SECRET, AmsInstanceReconciler.DATA_STATEFULSETS},
          readyPostcondition = NoForeignObjects.class),
      @Dependent(
          name = AmsInstanceReconciler.APP_SERVICES,
          type = AppServicesDependent.class,
          readyPostcondition = NoForeignObjects.class),
      @Dependent(
          name = AmsInstanceReconciler.APP_AUTOSCALERS,
          type = AppAutoscalersDependent.class,
          dependsOn = AmsInstanceReconciler.APP_DEPLOYMENTS),
      @Dependent(
          name = AmsInstanceReconciler.APP_INGRESS,
          type = AppIngressDependent.class,
          dependsOn = AmsInstanceReconciler.APP_SERVICES),
      // The Gateway API edge (and its canaries) only where the HTTPRoute CRD is installed;
      // elsewhere the Routing condition names it. After the Services, which it points at.
      @Dependent(
          name = AmsInstanceReconciler.HTTP_ROUTE,
          type = HttpRouteDependent.class,
          activationCondition = CrdInstalled.HttpRoutes.class,
          dependsOn = AmsInstanceReconciler.APP_SERVICES),
      // Istio routes canaries only where its CRDs are installed; elsewhere the Routing condition
      // says so and Services route (ReleasePlan#withoutMesh).
      @Dependent(
          name = "virtual-services",
          type = VirtualServicesDependent.class,
          activationCondition = CrdInstalled.IstioV1.class),
      @Dependent(
          name = "destination-rules",
          type = DestinationRulesDependent.class,
          activationCondition = CrdInstalled.IstioV1.class),
      @Dependent(
          name = "virtual-services-v1beta1",
          type = VirtualServicesDependent.V1beta1.class,
          activationCondition = CrdInstalled.IstioV1beta1.class),
      @Dependent(
          name = "destination-rules-v1beta1",
          type = DestinationRulesDependent.V1beta1.class,
          activationCondition = CrdInstalled.IstioV1beta1.class),
      @Dependent(
          name = AmsInstanceReconciler.NETWORK_POLICIES,
          type = NetworkPoliciesDependent.class,
          readyPostcondition = NoForeignObjects.class),
      @Dependent(
          name = "disruption-budgets",
          type = DisruptionBudgetsDependent.class,
          dependsOn = AmsInstanceReconciler.APP_DEPLOYMENTS),
      @Dependent(
          name = "service-monitors",
          type = ServiceMonitorsDependent.class,
          activationCondition = CrdInstalled.ServiceMonitors.class),
      @Dependent(
          name = "prometheus-rules",
          type = PrometheusRulesDependent.class,
          activationCondition = CrdInstalled.PrometheusRules.class),
      @Dependent(name = "dashboard", type = DashboardDependent.class),
    })
@ControllerConfiguration(
    name = AmsInstanceReconciler.NAME,
    fieldManager = AmsInstanceReconciler.NAME,
    // Not generation-aware, so that annotations (release actions, JWT rotation) bring a
    // reconciliation; the filter drops the operator's own status writes instead.
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = RelevantChanges.Instances.class))
public class AmsInstanceReconciler implements Reconciler<AmsInstance> {
  public static final String NAME = Labels.OPERATOR;
  static final String SECRET = AppSecretDependent.NAME;
  static final String APP_DEPLOYMENTS = "app-deployments";
  static final String APP_AUTOSCALERS = "app-autoscalers";
  static final String APP_SERVICES = "app-services";
  static final String APP_INGRESS = "ingress";
  static final String HTTP_ROUTE = "http-route";
  static final String RELEASE_JOBS = "release-jobs";
  static final String DATA_CONFIG = "data-configmaps";
  static final String DATA_SERVICES = "data-services";
  static final String DATA_TLS = "data-tls";
  static final String DATA_STATEFULSETS = "data-statefulsets";
  static final String NETWORK_POLICIES = "network-policies";
  static final String PGBOUNCER = "pgbouncer";
  static final String CNPG_CLUSTER = "cnpg-cluster";
  static final String DATA_CLAIMS = "data-claims";
  static final String POSTGRES_PODS = PostgresEndpointsDependent.PODS;
  static final String ANALYSIS_DONE = "analysis-done";

  private static final Logger log = LoggerFactory.getLogger(AmsInstanceReconciler.class);

  private final ValidatedSpecs specs;
  private final SecretValueGenerator secretValues;
  private final TransitionEvents events;
  private final Clock clock;
  private final CrdPresence crds;
  private final DataTierMaintenance maintenance;
  private final ReferencedSecrets referencedSecrets;
  private final BackgroundChecks candidateChecks;
  private final ReleaseGauges.Sink releaseGauges;
  private final StatusThrottle statusThrottle = new StatusThrottle();

  /** Keys of the certificates the operator issues itself (no cert-manager). */
  private final EcKeyPairs tlsKeys = new EcKeyPairs(new java.security.SecureRandom());

  /** Every instance the controller knows, for the release gauges; set when informers start. */
  private IndexedResourceCache<AmsInstance> instances;

  public AmsInstanceReconciler(
      SpecValidator validator,
      SecretValueGenerator secretValues,
      TransitionEvents events,
      Clock clock,
      CrdPresence crds,
      DataTierMaintenance maintenance,
      ReferencedSecrets referencedSecrets,
      BackgroundChecks candidateChecks,
      ReleaseGauges.Sink releaseGauges) {
    this.specs = new ValidatedSpecs(validator);
    this.secretValues = secretValues;
    this.events = events;
    this.clock = clock;
    this.crds = crds;
    this.maintenance = maintenance;
    this.referencedSecrets = referencedSecrets;
    this.candidateChecks = candidateChecks;
    this.releaseGauges = releaseGauges;
  }

  /**
   * Informers beyond the workflow's: the data claims (their sizes, for the shrink check and
   * growth), the PostgreSQL pods (the -ro Service's endpoints), the release Jobs (their outcome
   * moves a release on). Every informer has a label selector, so nothing the operator did not label
   * enters its memory. No informer on Secrets here: the app Secret's (the workflow's) selects the
   * operator's labels, and the Secrets an instance only reads are looked up by name ({@link
   * ReferencedSecrets}).
   */
  @Override
  public List<EventSource<?, AmsInstance>> prepareEventSources(
      EventSourceContext<AmsInstance> context) {
    var claims =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, AmsInstance.class)
                .withName(DATA_CLAIMS)
                .withLabelSelector(Labels.DATA_TIER_SELECTOR)
                .withOnUpdateFilter(new RelevantChanges.Claims())
                .withSecondaryToPrimaryMapper(ByInstanceLabel::primaryOf)
                .build(),
            context);
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, AmsInstance.class)
                .withName(POSTGRES_PODS)
                .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=postgres")
                .withOnUpdateFilter(new RelevantChanges.PostgresPods())
                .withSecondaryToPrimaryMapper(ByInstanceLabel::primaryOf)
                .build(),
            context);
    var releaseJobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, AmsInstance.class)
                .withName(RELEASE_JOBS)
                .withLabelSelector(Labels.APP_TIER_SELECTOR)
                .withSecondaryToPrimaryMapper(ByInstanceLabel::primaryOf)
                .build(),
            context);
    this.instances = context.getPrimaryCache();
    // A metric check finishing on an analysis thread wakes its instance, whose next reconcile
    // takes the result in.
    var checksDone = new SimpleInboundEventSource<AmsInstance>(ANALYSIS_DONE);
    candidateChecks.onDone(
        (namespace, name) -> checksDone.propagateEvent(new ResourceID(name, namespace)));
    return List.of(claims, pods, releaseJobs, checksDone);
  }

  private static boolean ownedBy(HasMetadata object, AmsInstance instance) {
    var owners = object.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream().anyMatch(o -> o.getUid().equals(instance.getMetadata().getUid()));
  }

  @Override
  public UpdateControl<AmsInstance> reconcile(AmsInstance instance, Context<AmsInstance> context)
      throws InterruptedException {
    var claims = secondary(context, PersistentVolumeClaim.class, DATA_CLAIMS, instance);
    var verdict =
        specs.of(
            instance, currentVolumes(claims), id -> context.getPrimaryCache().get(id).isPresent());
    List<FieldError> errors = verdict.errors();
    // An unreadable instance has no spec; the verdict holds its error.
    boolean paused =
        instance.getSpec() != null && Boolean.TRUE.equals(instance.getSpec().getPaused());
    ReleasePlan release = null;
    List<Integration> integrations = List.of();
    Optional<String> rotation = Optional.empty();
    DataTierReadiness.Result data = null;
    boolean waitForCrd = false;
    boolean waitForSecret = false;
    Map<String, Set<String>> secretKeys = Map.of();
    var issues = new ArrayList<DataIssue>();
    var children = new ArrayList<ChildIssue>();
    // A failed write: the status says which object and why, then JOSDK retries with backoff.
    RuntimeException failure = null;
    InstanceModel model = verdict.model();
    if (errors.isEmpty()) {
      var served = crds.served();
      boolean cnpg = DataTier.cloudNativePg(model) && served.usable(OptionalCrd.CNPG_CLUSTER);
      waitForCrd = DataTier.cloudNativePg(model) && !cnpg;
      var statefulSets = secondary(context, StatefulSet.class, DATA_STATEFULSETS, instance);
      var readSecrets = DataTier.readSecrets(model);
      referencedSecrets.retain(id -> context.getPrimaryCache().get(id).isPresent());
      secretKeys =
          referencedSecrets.keys(
              ResourceID.fromResource(instance),
              instance.getMetadata().getGeneration(),
              readSecrets);
      // A Secret that appears sends no event (nothing watches it): look again soon.
      waitForSecret = !secretKeys.keySet().containsAll(readSecrets);
      data =
          DataTierReadiness.evaluate(
              model, facts(instance, context, statefulSets, secretKeys, cnpg));
      boolean dataReady = data.ready();
      // Only this instance's Jobs: a deleted instance of the same name may have left its
      // succeeded migration Job in the cache, which must not count for the new one.
      var jobs =
          secondary(context, Job.class, RELEASE_JOBS, instance).stream()
              .filter(j -> ownedBy(j, instance))
              .toList();
      var deployments = secondary(context, Deployment.class, APP_DEPLOYMENTS, instance);
      // A paused instance is planned only to report its components, unless a release is under
      // way: that one holds still, but an abort and the routing off unready pods still apply.
      boolean holdsRelease = paused && releaseUnderWay(instance);
      release = planRelease(instance, model, context, deployments, jobs, paused, holdsRelease);
      if (!paused || holdsRelease) {
        var inputs = DataTierInputs.of(model, DataVolumes.templateSizes(statefulSets));
        integrations = Integrations.of(model, served);
        rotation =
            JwtRotation.pending(
                instance.getMetadata().getAnnotations(),
                instance.getStatus() == null ? null : instance.getStatus().getHandledTokens());
        // Only generated secrets can be rotated; for ESO the token is recorded and ignored.
        boolean rotate = rotation.isPresent() && !ExternalSecrets.enabled(model);
        var client = context.getClient();
        var writes = ChildWrites.startPass(context);
        try {
          ReplicaHandover.prepare(client, NAME, model.names(), release.appTier(), deployments);
          var routed = served.usable(OptionalCrd.ISTIO) ? release : release.withoutMesh();
          if (routed.routing().candidateSlot() == null) {
            var lingering =
                lingeringCanarySlot(
                    context, model, instance, served.usable(OptionalCrd.HTTP_ROUTE));
            if (lingering.isPresent()) {
              routed =
                  routed.withRouting(routed.routing().withLingeringCanaryServices(lingering.get()));
            }
          }
          new ReconcileInputs(model, routed, secretValues, served, rotate, inputs, dataReady)
              .putInto(context);
          new TlsIssuing(clock.instant(), tlsKeys).putInto(context);
          context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
          // The status reports the data tier as the workflow left it: what it just created
          // shows its versions in this pass's status already, not in one more status write on
          // the next pass.
          if (data.missesAWorkload()) {
            data =
                DataTierReadiness.evaluate(
                    model,
                    facts(
                        instance,
                        context,
                        secondary(context, StatefulSet.class, DATA_STATEFULSETS, instance),
                        secretKeys,
                        cnpg));
          }
          if (rotate) {
            log.info(
                "{}/{}: rotated the JWT secrets for token {}",
                instance.getMetadata().getNamespace(),
                instance.getMetadata().getName(),
                rotation.get());
          }
          // A migration needs the database; until it is ready the release waits in Migrating.
          if (dataReady) {
            @SuppressWarnings("unchecked")
            var jobCache =
                (InformerEventSource<Job, AmsInstance>)
                    context.eventSourceRetriever().getEventSourceFor(Job.class, RELEASE_JOBS);
            ReleaseJobRunner.run(
                client,
                instance,
                model,
                release.jobs(),
                jobs,
                job -> jobCache.handleRecentResourceCreate(ResourceID.fromResource(job), job),
                writes);
          }
          var stable = release.status();
          if (stable.getPhase() == ReleasePhase.Stable && stable.getStableVersion() != null) {
            ReleaseJobRunner.prune(client, stable.getStableVersion(), release.jobs(), jobs);
          }
          issues.addAll(maintenance.grow(model, claims));
        } catch (RuntimeException e) {
          failure = e;
          children.addAll(failedWrites(e));
        }
        children.addAll(0, writes.notOwned());
      }
      issues.addAll(0, data.issues());
    } else {
      log.info(
          "{}/{} has an invalid spec; leaving its objects as they are: {}",
          instance.getMetadata().getNamespace(),
          instance.getMetadata().getName(),
          errors);
    }
    var components = observe(instance, model, release == null ? null : release.appTier(), context);
    if (data != null) {
      components.putAll(data.components());
    }
    // After a failed write the release keeps the status's state: the planner's step may not
    // have been applied, and the retry plans it again.
    var releaseStatus =
        release == null || (paused && !releaseUnderWay(instance)) || failure != null
            ? null
            : release.status();
    var observation =
        new Observation(
            errors,
            paused,
            components,
            integrations,
            issues,
            releaseStatus,
            errors.isEmpty() ? AppIngress.url(model).orElse(null) : null,
            children);
    var before = instance.getStatus();
    var after = StatusAggregator.aggregate(instance, observation, clock.instant());
    // Recorded only after the workflow applied the rotation; a failure retries with the token.
    if (failure == null) {
      rotation.ifPresent(
          t -> after.setHandledTokens(JwtRotation.handled(after.getHandledTokens(), t)));
    }
    Optional<Duration> progressLater = Optional.empty();
    if (before == null || !StatusAggregator.same(before, after)) {
      statusThrottle.prune(id -> context.getPrimaryCache().get(id).isPresent());
      progressLater = statusThrottle.holdBack(instance, before, after);
      if (progressLater.isEmpty()) {
        events.record(instance, before, after);
        if (statusLost(instance)) {
          log.warn(
              "{}/{}: {}; its status cannot be read either, so none is written over it",
              instance.getMetadata().getNamespace(),
              instance.getMetadata().getName(),
              errors);
        } else {
          try {
            writeStatus(instance, after, context);
          } catch (RuntimeException e) {
            if (failure == null) {
              throw e;
            }
            // The failed write is what JOSDK retries; this one follows it.
            log.warn(
                "{}/{}: could not write the status after a failed write either",
                instance.getMetadata().getNamespace(),
                instance.getMetadata().getName(),
                e);
          }
        }
        statusThrottle.written(instance);
      }
    }
    if (failure != null) {
      throw failure;
    }
    releaseGauges.update(instance, instances == null ? List.of() : instances.list().toList());
    // After the status that records the step: a failed write repeats the step, not the Event.
    if (releaseStatus != null) {
      events.release(instance, release.events());
    }
    Optional<Duration> wakeUp = releaseStatus == null ? Optional.empty() : release.requeueAfter();
    // A missing optional CRD sends no event when it is installed: look again (from the cache, no
    // API call per reconcile) once the cached answer expires.
    if (waitForCrd || Integrations.waitingForCrd(integrations)) {
      wakeUp = earliest(wakeUp, crds.recheckInterval());
    }
    if (waitForSecret) {
      wakeUp = earliest(wakeUp, ReferencedSecrets.MISSING_RECHECK);
    }
    // Nothing watches someone else's object: whether it was deleted or handed over is seen by
    // trying again, as soon (and as seldom) as a missing CRD is looked for.
    if (children.stream().anyMatch(ChildIssue::notOwned)) {
      wakeUp = earliest(wakeUp, crds.recheckInterval());
    }
    // Progress the status throttle held back is written when its interval ends.
    if (progressLater.isPresent()) {
      wakeUp = earliest(wakeUp, progressLater.get());
    }
    // A timer never postpones the periodic resync (a reschedule replaces it in JOSDK).
    var resync = context.getControllerConfiguration().maxReconciliationInterval();
    if (wakeUp.isPresent() && resync.isPresent()) {
      wakeUp = earliest(wakeUp, resync.get());
    }
    UpdateControl<AmsInstance> control = UpdateControl.noUpdate();
    return wakeUp.map(control::rescheduleAfter).orElse(control);
  }

  /**
   * The children a failed reconciliation names: each failed write JOSDK's workflow collected, by
   * kind and name; anything else as one issue without a name.
   */
  private static List<ChildIssue> failedWrites(RuntimeException e) {
    var result = new ArrayList<ChildIssue>();
    var causes =
        e instanceof AggregatedOperatorException aggregated
            ? List.copyOf(aggregated.getAggregatedExceptions().values())
            : List.<Exception>of(e);
    for (Exception cause : causes) {
      Throwable t = cause;
      while (t != null && !(t instanceof ChildApplyException)) {
        t = t.getCause();
      }
      if (t instanceof ChildApplyException c) {
        result.add(ChildIssue.applyFailed(c.kind(), c.name(), c.detail()));
      } else if (cause instanceof KubernetesClientException k
          && k.getStatus() != null
          && k.getStatus().getDetails() != null) {
        var details = k.getStatus().getDetails();
        result.add(
            ChildIssue.applyFailed(
                details.getKind(),
                details.getName(),
                k.getCode() + " " + Objects.requireNonNullElse(k.getStatus().getReason(), "")));
      } else {
        result.add(
            ChildIssue.applyFailed("objects of", key(e, cause), cause.getClass().getSimpleName()));
      }
    }
    return result;
  }

  /** The workflow's name for the dependent that threw {@code cause}, or "the reconciler". */
  private static String key(RuntimeException e, Exception cause) {
    if (e instanceof AggregatedOperatorException aggregated) {
      for (var entry : aggregated.getAggregatedExceptions().entrySet()) {
        if (entry.getValue() == cause) {
          return entry.getKey();
        }
      }
    }
    return "the reconciler";
  }

  /**
   * Whether the stored status could not be read (a newer operator's, say): one written now would
   * replace it, and with it the record of a release the newer version may still need.
   */
  private static boolean statusLost(AmsInstance instance) {
    return instance.unreadable().map(AmsInstance.UnreadableField::statusLost).orElse(false);
  }

  /** The sooner of the wake-up asked for so far, if any, and {@code other}. */
  private static Optional<Duration> earliest(Optional<Duration> wakeUp, Duration other) {
    return Optional.of(wakeUp.filter(d -> d.compareTo(other) < 0).orElse(other));
  }

  /**
   * While the informer still holds the nginx canary Ingress of a release that has ended, or an
   * HTTPRoute that still sends to the canary Services: the slot those Services select now (they
   * keep it until nothing points at them; the candidate's pods are still there then, draining after
   * an abort or serving after a promotion). Services are applied before the Ingress and the route,
   * so without this they would be deleted while still referenced.
   */
  private static Optional<Slot> lingeringCanarySlot(
      Context<AmsInstance> context,
      InstanceModel model,
      AmsInstance instance,
      boolean httpRoutesInstalled) {
    String ingress = model.names().canaryIngress();
    boolean left =
        secondary(context, Ingress.class, APP_INGRESS, instance).stream()
                .anyMatch(i -> ingress.equals(i.getMetadata().getName()))
            || httpRoutesInstalled && routeSendsToCanary(context, model, instance);
    if (!left) {
      return Optional.empty();
    }
    String service = model.names().canaryService(Component.API);
    return secondary(context, Service.class, APP_SERVICES, instance).stream()
        .filter(s -> service.equals(s.getMetadata().getName()))
        .map(s -> s.getSpec().getSelector().get(Labels.SLOT))
        .filter(java.util.Objects::nonNull)
        .map(Slot::valueOf)
        .findFirst();
  }

  /** Whether the cached HTTPRoute has a backend that is a canary Service. */
  private static boolean routeSendsToCanary(
      Context<AmsInstance> context, InstanceModel model, AmsInstance instance) {
    var canary =
        ReleaseServices.ROUTED.stream()
            .map(model.names()::canaryService)
            .collect(Collectors.toSet());
    List<HTTPRoute> routes;
    try {
      routes = secondary(context, HTTPRoute.class, HTTP_ROUTE, instance);
    } catch (NoEventSourceForClassException e) {
      // Registered by the workflow on the first reconcile that finds the CRD; no route yet then.
      return false;
    }
    return routes.stream()
        .filter(r -> r.getSpec() != null && r.getSpec().getRules() != null)
        .flatMap(r -> r.getSpec().getRules().stream())
        .filter(rule -> rule.getBackendRefs() != null)
        .flatMap(rule -> rule.getBackendRefs().stream())
        .anyMatch(b -> canary.contains(b.getName()));
  }

  /**
   * Whether the instance has a release that {@code spec.paused} holds rather than ignores: one with
   * a candidate, or a slot still draining after one.
   */
  private static boolean releaseUnderWay(AmsInstance instance) {
    var r = instance.getStatus() == null ? null : instance.getStatus().getRelease();
    return r != null && (r.getCandidateVersion() != null || r.getScaleDownAt() != null);
  }

  /** Migration Jobs of other versions still running: a new migration waits for them. */
  private static List<String> runningMigrations(
      ResourceNames names, List<Job> jobs, String version) {
    String own = names.migrationJob(version);
    return jobs.stream()
        .filter(
            j ->
                Component.MIGRATION
                    .label()
                    .equals(j.getMetadata().getLabels().get(Labels.COMPONENT)))
        .filter(j -> !own.equals(j.getMetadata().getName()))
        .filter(j -> Observed.state(j) == JobState.RUNNING)
        .map(j -> j.getMetadata().getName())
        .sorted()
        .toList();
  }

  /**
   * Observes the app tier and the release Jobs, runs a metric check if one is due, and asks the
   * planner for the next step. Reads only the informer caches (and Prometheus, when checking).
   */
  private ReleasePlan planRelease(
      AmsInstance instance,
      InstanceModel model,
      Context<AmsInstance> context,
      List<Deployment> deployments,
      List<Job> jobs,
      boolean paused,
      boolean holdsRelease)
      throws InterruptedException {
    var now = clock.instant();
    var current = instance.getStatus() == null ? null : instance.getStatus().getRelease();
    var names = model.names();
    var slots =
        Observed.slots(
            names,
            deployments,
            secondary(context, HorizontalPodAutoscaler.class, APP_AUTOSCALERS, instance));
    // Every Job the planner looks at belongs to spec.version: a different version starts a new
    // release (or replaces the candidate) before any Job is consulted.
    String version = model.spec().getVersion();
    Optional<AnalysisResult> analysis = Optional.empty();
    if (!paused
        && current != null
        && version.equals(current.getCandidateVersion())
        && ReleasePlanner.analysisDue(model, current, now)) {
      // Never waits: the check runs on an analysis thread, and until its result is in the planner
      // holds the step and asks again.
      analysis = candidateChecks.poll(model, current);
      analysis.ifPresent(
          result ->
              log.info(
                  "{}/{}: metric check of {}: {} ({})",
                  model.namespace(),
                  model.name(),
                  version,
                  result.outcome(),
                  result.message()));
    } else if (current == null || current.getCandidateVersion() == null) {
      // No release: a check still running (the release ended meanwhile) answers nothing anymore.
      candidateChecks.forget(model.namespace(), model.name());
    }
    return ReleasePlanner.plan(
        new ReleaseInputs(
            model,
            current,
            slots,
            Observed.job(jobs, names.migrationJob(version)),
            Observed.job(jobs, names.smokeCheckJob(version)),
            analysis,
            !paused || holdsRelease ? instance.getMetadata().getAnnotations() : Map.of(),
            paused,
            runningMigrations(names, jobs, version),
            now));
  }

  /**
   * Writes the status by server-side apply and puts the result into the operator's cache, so the
   * next reconcile starts from this status even before the watch delivers it. The release state
   * lives in the status; planning from an older copy could repeat or undo a step.
   */
  private static void writeStatus(
      AmsInstance instance, AmsInstanceStatus status, Context<AmsInstance> context) {
    var fresh = new AmsInstance();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(instance.getMetadata().getName())
            .withNamespace(instance.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, fresh, context);
    instance.setStatus(status);
  }

  private static <R extends HasMetadata> List<R> secondary(
      Context<AmsInstance> context, Class<R> type, String eventSource, AmsInstance instance) {
    return List.copyOf(
        context
            .eventSourceRetriever()
            .getEventSourceFor(type, eventSource)
            .getSecondaryResources(instance));
  }

  private static CurrentVolumes currentVolumes(List<PersistentVolumeClaim> claims) {
    var result = new ArrayList<CurrentVolumes.Claim>();
    for (var claim : claims) {
      var component = DataVolumes.component(claim);
      var size = DataVolumes.requested(claim);
      if (component.isPresent() && size.isPresent()) {
        result.add(
            new CurrentVolumes.Claim(component.get(), claim.getMetadata().getName(), size.get()));
      }
    }
    // In name order: the cache hands claims back in no fixed order, and the volumes are part of
    // the key of the validated spec (ValidatedSpecs).
    result.sort(Comparator.comparing(CurrentVolumes.Claim::name));
    return new CurrentVolumes(result);
  }

  /** The data tier as the informers hold it, and the referenced Secrets' key names. */
  private static DataTierReadiness.Facts facts(
      AmsInstance instance,
      Context<AmsInstance> context,
      List<StatefulSet> statefulSets,
      Map<String, Set<String>> secretKeys,
      boolean cnpgInstalled) {
    var retriever = context.eventSourceRetriever();
    var deployments =
        retriever
            .getEventSourceFor(Deployment.class, PGBOUNCER)
            .getSecondaryResources(instance)
            .stream()
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
    Optional<GenericKubernetesResource> cluster = Optional.empty();
    if (cnpgInstalled) {
      try {
        cluster =
            retriever
                .getEventSourceFor(CnpgCluster.class, CNPG_CLUSTER)
                .getSecondaryResource(instance)
                .map(c -> (GenericKubernetesResource) c);
      } catch (NoEventSourceForClassException e) {
        // Its informer is registered by the workflow on the first reconcile in CNPG mode.
        cluster = Optional.empty();
      }
    }
    return new DataTierReadiness.Facts(
        statefulSets.stream()
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity())),
        deployments,
        secretKeys,
        cnpgInstalled,
        cluster);
  }

  /** Readiness of the slot serving users, per component, from the informer cache (no API calls). */
  private static Map<com.suresoft.ams.operator.model.Component, ComponentObservation> observe(
      AmsInstance instance, InstanceModel model, AppTierPlan plan, Context<AmsInstance> context) {
    var result =
        new LinkedHashMap<com.suresoft.ams.operator.model.Component, ComponentObservation>();
    if (plan == null) {
      return result;
    }
    Map<String, Deployment> byName =
        context
            .eventSourceRetriever()
            .getEventSourceFor(Deployment.class, APP_DEPLOYMENTS)
            .getSecondaryResources(instance)
            .stream()
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
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
}
