package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.InstanceCaches;
import com.suresoft.ams.operator.cache.LeanEventSource;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.cache.StatusThrottle;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.controller.actions.VolumeGrowth;
import com.suresoft.ams.operator.controller.crds.CrdInstalled;
import com.suresoft.ams.operator.controller.crds.CrdPresence;
import com.suresoft.ams.operator.dependent.AppAutoscalersDependent;
import com.suresoft.ams.operator.dependent.AppDeploymentsDependent;
import com.suresoft.ams.operator.dependent.AppIngressDependent;
import com.suresoft.ams.operator.dependent.AppSecretDependent;
import com.suresoft.ams.operator.dependent.AppServicesDependent;
import com.suresoft.ams.operator.dependent.BackupCronJobDependent;
import com.suresoft.ams.operator.dependent.CertificatesDependent;
import com.suresoft.ams.operator.dependent.CloudNativePgDependent;
import com.suresoft.ams.operator.dependent.CnpgClusterDependent;
import com.suresoft.ams.operator.dependent.CnpgPoolerDependent;
import com.suresoft.ams.operator.dependent.DashboardDependent;
import com.suresoft.ams.operator.dependent.DataConfigMapsDependent;
import com.suresoft.ams.operator.dependent.DataServicesDependent;
import com.suresoft.ams.operator.dependent.DataStatefulSetsDependent;
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
import com.suresoft.ams.operator.dependent.ServiceMonitorsDependent;
import com.suresoft.ams.operator.dependent.VirtualServicesDependent;
import com.suresoft.ams.operator.events.ByInstanceLabel;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.status.ReleaseGauges;
import com.suresoft.ams.operator.status.TransitionEvents;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The JOSDK entry point: one reconcile flow, read top to bottom in {@link #reconcile}, whose steps
 * are classes of their own: {@link Validate}, {@link Observe}, {@link Plan}, {@link Apply}, {@link
 * Report}, {@link Reschedule}. An invalid or paused instance never reaches the workflow, so nothing
 * that runs is changed; the status says why. Generation-awareness is off because action annotations
 * (promote, abort, ...) change only metadata; a reconcile that finds nothing to do writes nothing.
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
          activationCondition = CrdInstalled.CloudNativePg.class,
          reconcilePrecondition = CloudNativePgDependent.Mode.class,
          readyPostcondition = NoForeignObjects.class),
      @Dependent(
          name = "cnpg-pooler",
          type = CnpgPoolerDependent.class,
          activationCondition = CrdInstalled.CloudNativePg.class,
          reconcilePrecondition = CloudNativePgDependent.ModeWithPooler.class,
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
    informer =
        @Informer(itemStore = LeanStore.class, onUpdateFilter = RelevantChanges.Instances.class))
// A pass that throws is retried with exponential backoff (GenericRetry: after 2, 2, 3, 4.5 and
// 6.75 s); after that the next event or the resync brings it. JOSDK's defaults, stated here
// because updateErrorStatus relies on them: it reports the error and leaves the retry to this.
@GradualRetry(
    maxAttempts = GradualRetry.DEFAULT_MAX_ATTEMPTS,
    initialInterval = GradualRetry.DEFAULT_INITIAL_INTERVAL,
    intervalMultiplier = GradualRetry.DEFAULT_MULTIPLIER)
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

  private final Validate validate;
  private final Observe observe;
  private final Plan plan;
  private final Apply apply;
  private final Report report;
  private final Reschedule reschedule;
  private final ErrorStatus errorStatus;
  private final BackgroundChecks candidateChecks;

  /** What the operator remembers per instance between passes, and the one place it forgets. */
  private final InstanceCaches remembered;

  /** Every instance the controller knows, for the release gauges; set when informers start. */
  private IndexedResourceCache<AmsInstance> instances;

  public AmsInstanceReconciler(
      SpecValidator validator,
      SecretValueGenerator secretValues,
      TransitionEvents events,
      Clock clock,
      CrdPresence crds,
      VolumeGrowth volumes,
      ReferencedSecrets referencedSecrets,
      BackgroundChecks candidateChecks,
      ReleaseGauges.Sink releaseGauges) {
    var specs = new ValidatedSpecs(validator);
    var statusThrottle = new StatusThrottle();
    this.remembered = new InstanceCaches(specs, statusThrottle, referencedSecrets);
    this.validate = new Validate(specs);
    this.observe = new Observe(crds, referencedSecrets);
    this.plan = new Plan(clock, candidateChecks);
    // Keys of the certificates the operator issues itself (no cert-manager).
    this.apply =
        new Apply(
            secretValues, clock, new EcKeyPairs(new SecureRandom()), volumes, remembered.sets());
    this.report = new Report(events, clock, releaseGauges, statusThrottle);
    this.reschedule = new Reschedule(crds);
    this.errorStatus = new ErrorStatus(events, clock);
    this.candidateChecks = candidateChecks;
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
        new LeanEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, AmsInstance.class)
                .withName(DATA_CLAIMS)
                .withItemStore(new LeanStore.WithoutStatus<>())
                .withLabelSelector(Labels.DATA_TIER_SELECTOR)
                .withOnUpdateFilter(new RelevantChanges.Claims())
                .withSecondaryToPrimaryMapper(ByInstanceLabel::primaryOf)
                .build(),
            context);
    var pods =
        new LeanEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, AmsInstance.class)
                .withName(POSTGRES_PODS)
                .withItemStore(new LeanStore<>())
                .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=postgres")
                .withOnUpdateFilter(new RelevantChanges.PostgresPods())
                .withSecondaryToPrimaryMapper(ByInstanceLabel::primaryOf)
                .build(),
            context);
    var releaseJobs =
        new LeanEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, AmsInstance.class)
                .withName(RELEASE_JOBS)
                .withItemStore(new LeanStore<>())
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

  /**
   * One pass, top to bottom: observe, validate, plan, apply, report, and when to look again. Each
   * step is a class of its own; this method only hands each step's result to the next.
   */
  @Override
  public UpdateControl<AmsInstance> reconcile(AmsInstance instance, Context<AmsInstance> context) {
    var caches = new InformerCaches(instance, context);
    remembered.retain(instance, caches::exists);
    // Validate against the volumes that exist: an invalid spec is reported and changes nothing.
    var claims = caches.claims();
    var verdict = validate.verdict(instance, claims);
    // Observe once: planning and applying read only this snapshot.
    var seen = observe.snapshot(instance, verdict, claims, caches);
    // Plan: the release step, the data tier's inputs and growth, integrations, JWT rotation.
    var planned = plan.decide(instance, verdict, seen);
    // Apply: the workflow, then the writes that are no dependent's; a failed write is kept.
    var applied = apply.run(instance, context, verdict, seen, planned);
    // The components as the workflow left them, for the status (the one look after apply).
    var after = observe.afterApply(verdict, seen, planned, applied, caches);
    var reported =
        report.status(
            instance, verdict, planned, applied, after, StatusWriter.serverSideApply(context));
    if (applied.failure().isPresent()) {
      // The status names the failed write (updateErrorStatus leaves it); JOSDK retries.
      throw ErrorStatus.reported(context, applied.failure().get(), reported.current());
    }
    report.published(instance, planned, reported, this::exists);
    return reschedule.after(
        seen,
        planned,
        applied,
        reported,
        context.getControllerConfiguration().maxReconciliationInterval());
  }

  /**
   * A pass that threw: the status says so (Ready False, {@code ReconcileError}) unless it named the
   * failure itself, with a Warning Event; JOSDK retries with backoff ({@link GradualRetry} above).
   */
  @Override
  public ErrorStatusUpdateControl<AmsInstance> updateErrorStatus(
      AmsInstance instance, Context<AmsInstance> context, Exception e) {
    var caches = new InformerCaches(instance, context);
    return errorStatus.update(
        instance,
        e,
        ErrorStatus.wasReported(context, e),
        caches::secretValues,
        StatusWriter.serverSideApply(context));
  }

  private boolean exists(ResourceID instance) {
    return instances != null && instances.get(instance).isPresent();
  }
}
