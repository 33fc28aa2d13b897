package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.cache.BufferCloner;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.cache.StorePerInformer;
import com.suresoft.ams.operator.controller.actions.VolumeGrowth;
import com.suresoft.ams.operator.controller.crds.CachedCrdPresence;
import com.suresoft.ams.operator.controller.crds.OptionalKinds;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.release.analysis.CandidateCheck;
import com.suresoft.ams.operator.status.KubernetesEventRecorder;
import com.suresoft.ams.operator.status.ReleaseGauges;
import com.suresoft.ams.operator.status.TransitionEvents;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's wiring, shared by {@code run}, {@code demo} and the integration tests so that all
 * three run the same production code path.
 */
public final class AmsOperator implements AutoCloseable {

  /**
   * @param namespaces namespaces to watch; empty: all
   * @param resyncInterval longest time between two reconciliations of an instance
   * @param reconcileThreads instances reconciled at once (and the threads that apply their sets)
   * @param leaderElection empty: this process always reconciles (one replica only)
   * @param platform the platform team's allow-lists and namespaces, the same for every instance
   * @param informerStopped empty: JOSDK's default, which stops the process (Kubernetes restarts the
   *     pod); the test harness restarts the operator instead
   */
  public record Settings(
      Set<String> namespaces,
      Duration resyncInterval,
      int reconcileThreads,
      Clock clock,
      SecretValueGenerator secretValues,
      Metrics metrics,
      Optional<LeaderElectionConfiguration> leaderElection,
      CandidateCheck candidateCheck,
      ReleaseGauges.Sink releaseGauges,
      Optional<InformerStoppedHandler> informerStopped,
      Platform platform) {

    /** The operator's defaults, as {@code run} starts with them. */
    public static Settings defaults() {
      return builder().build();
    }

    /** Settings from the defaults, changed where a caller says so. */
    public static Builder builder() {
      return new Builder();
    }

    /** These settings, to change some of them. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * The settings named one by one where they are set, each starting from its default: eleven
     * positional arguments, most of them defaults, would not say which is which.
     */
    public static final class Builder {
      private Set<String> namespaces = Set.of();
      private Duration resyncInterval = Duration.ofMinutes(10);
      private int reconcileThreads = DEFAULT_RECONCILE_THREADS;
      private Clock clock = Clock.systemUTC();
      private SecretValueGenerator secretValues = new SecureRandomSecretValues();
      private Metrics metrics = Metrics.NOOP;
      private Optional<LeaderElectionConfiguration> leaderElection = Optional.empty();
      private CandidateCheck candidateCheck = CandidateCheck.prometheus();
      private ReleaseGauges.Sink releaseGauges = ReleaseGauges.Sink.NOOP;
      private Optional<InformerStoppedHandler> informerStopped = Optional.empty();
      private Platform platform = Platform.DEFAULTS;

      private Builder() {}

      private Builder(Settings s) {
        namespaces = s.namespaces;
        resyncInterval = s.resyncInterval;
        reconcileThreads = s.reconcileThreads;
        clock = s.clock;
        secretValues = s.secretValues;
        metrics = s.metrics;
        leaderElection = s.leaderElection;
        candidateCheck = s.candidateCheck;
        releaseGauges = s.releaseGauges;
        informerStopped = s.informerStopped;
        platform = s.platform;
      }

      public Builder namespaces(Set<String> value) {
        namespaces = value;
        return this;
      }

      public Builder resyncInterval(Duration value) {
        resyncInterval = value;
        return this;
      }

      public Builder reconcileThreads(int value) {
        reconcileThreads = value;
        return this;
      }

      public Builder clock(Clock value) {
        clock = value;
        return this;
      }

      public Builder metrics(Metrics value) {
        metrics = value;
        return this;
      }

      public Builder leaderElection(LeaderElectionConfiguration value) {
        leaderElection = Optional.of(value);
        return this;
      }

      /** How canary candidates are checked; Prometheus unless a test decides. */
      public Builder candidateCheck(CandidateCheck value) {
        candidateCheck = value;
        return this;
      }

      /** Where the release gauges go (the metrics endpoint of {@code run}). */
      public Builder releaseGauges(ReleaseGauges.Sink value) {
        releaseGauges = value;
        return this;
      }

      /** What happens when an informer fails for good after start-up. */
      public Builder informerStoppedHandler(InformerStoppedHandler value) {
        informerStopped = Optional.of(value);
        return this;
      }

      /** What the platform allows instances to reach, and where its shared pods run. */
      public Builder platform(Platform value) {
        platform = value;
        return this;
      }

      public Settings build() {
        return new Settings(
            namespaces,
            resyncInterval,
            reconcileThreads,
            clock,
            secretValues,
            metrics,
            leaderElection,
            candidateCheck,
            releaseGauges,
            informerStopped,
            platform);
      }
    }
  }

  /**
   * Instances reconciled at once, by default. Not JOSDK's 50: a reconciliation here is mostly CPU
   * (the informers answer its reads), so beyond the cores more threads mostly contend; on two
   * cores, with 10 instead of 50 the 200-instance benchmark converged about a sixth sooner on less
   * CPU (BENCHMARKS.md). Argo Rollouts' default threadiness is 10 as well. Raise it for a large
   * fleet on more cores.
   */
  public static final int DEFAULT_RECONCILE_THREADS = 10;

  /** The Lease the replicas compete for, in the operator's namespace. */
  public static final String LEASE_NAME = "ams-operator-lock";

  /** How long a missing optional CRD (Prometheus Operator, ESO) may go unnoticed. */
  static final Duration CRD_RECHECK_INTERVAL = Duration.ofSeconds(30);

  /**
   * How long a Secret an instance reads but the operator does not write (ReferencedSecrets) is
   * trusted before it is read again: a key removed from it shows within this time.
   */
  static final Duration REFERENCED_SECRET_MAX_AGE = Duration.ofMinutes(1);

  /** Metric checks at once, across all instances; each takes at most a few seconds. */
  static final int ANALYSIS_THREADS = 4;

  private final Operator operator;
  private final BackgroundChecks candidateChecks;

  public AmsOperator(KubernetesClient client, Settings settings) {
    OptionalKinds.register(client);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withMetrics(PassOrder.metrics(settings.metrics()))
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    // Each instance's sets are applied in parallel; as many threads as instances.
                    .withConcurrentWorkflowExecutorThreads(settings.reconcileThreads())
                    // Instances already running before first passes of new ones (PassOrder).
                    .withExecutorService(PassOrder.reconcilePool(settings.reconcileThreads()))
                    .withWorkflowExecutorService(
                        PassOrder.workflowPool(settings.reconcileThreads()))
                    .withLeaderElectionConfiguration(settings.leaderElection().orElse(null))
                    // Everything, Secrets included, goes through server-side apply.
                    .withDefaultNonSSAResource(Set.of())
                    .withUseSSAToPatchPrimaryResource(true)
                    .withSSABasedCreateUpdateMatchForDependentResources(true)
                    .withResourceCloner(new BufferCloner(client.getKubernetesSerialization()))
                    .withInformerStoppedHandler(settings.informerStopped().orElse(null)));
    // Metric checks reach a URL from a tenant's spec: they run on threads of their own, never on
    // the reconcile threads, so an address that never answers holds up no other instance.
    candidateChecks = new BackgroundChecks(settings.candidateCheck(), ANALYSIS_THREADS);
    var reconciler =
        new AmsInstanceReconciler(
            new SpecValidator(settings.platform()),
            settings.secretValues(),
            new TransitionEvents(new KubernetesEventRecorder(client, settings.clock())),
            settings.clock(),
            new CachedCrdPresence(client, settings.clock(), crdRecheck(settings)),
            new VolumeGrowth(client),
            new ReferencedSecrets(client, settings.clock(), REFERENCED_SECRET_MAX_AGE),
            candidateChecks,
            settings.releaseGauges());
    var configuration =
        ControllerConfigurationOverrider.override(
                operator.getConfigurationService().getConfigurationFor(reconciler))
            .withReconciliationMaxInterval(settings.resyncInterval());
    if (!settings.namespaces().isEmpty()) {
      configuration.settingNamespaces(settings.namespaces());
    }
    // An informer per watched namespace, each with a store of its own (see StorePerInformer).
    operator.register(reconciler, StorePerInformer.controller(configuration.build()));
  }

  /**
   * The reconciler reschedules an instance that waits for a CRD after this long, which replaces the
   * resync for that instance; so it is never longer than the resync.
   */
  private static Duration crdRecheck(Settings settings) {
    return settings.resyncInterval().compareTo(CRD_RECHECK_INTERVAL) < 0
        ? settings.resyncInterval()
        : CRD_RECHECK_INTERVAL;
  }

  public void start() {
    operator.start();
  }

  /**
   * The informers the operator runs now, the instances' own among them: what each caches is checked
   * by tests ({@code cache.LeanStore} everywhere).
   */
  public List<ManagedInformerEventSource<?, ?, ?>> informers() {
    var informers = new ArrayList<ManagedInformerEventSource<?, ?, ?>>();
    for (var registered : operator.getRegisteredControllers()) {
      var manager = ((Controller<?>) registered).getEventSourceManager();
      for (var source : manager.allEventSources()) {
        if (source instanceof ManagedInformerEventSource<?, ?, ?> informer) {
          informers.add(informer);
        }
      }
    }
    return informers;
  }

  @Override
  public void close() {
    operator.stop();
    candidateChecks.close();
  }
}
