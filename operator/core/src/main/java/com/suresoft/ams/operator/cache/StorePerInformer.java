package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ResolvedControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Informer configurations that give every informer made from them a {@link LeanStore} of its own.
 *
 * <p>Why: an operator that watches some namespaces (the chart's {@code watchNamespaces}) runs one
 * informer per namespace and kind, and JOSDK hands each of them the one store of the kind's
 * configuration ({@code getItemStore()}, the instance made from {@code @Informer(itemStore)}). An
 * informer that lists its namespace (at its start, and after a lost watch) then takes every key it
 * did not list out of the store, the other namespaces' objects with them: after a restart the
 * operator found the other instances' objects gone and failed to build them again ({@code
 * WatchedNamespacesIT}). Here each call of {@code getItemStore()} answers with a new, empty store
 * of the same kind; JOSDK calls it once per informer it starts. Every informer of the operator is
 * configured through this class (the instances', the workflow's and the reconciler's own).
 */
public final class StorePerInformer<R extends HasMetadata> extends InformerConfiguration<R> {

  private final List<LeanStore<R>> stores = new CopyOnWriteArrayList<>();

  private StorePerInformer(InformerConfiguration<R> c) {
    super(
        c.getResourceClass(),
        c.getName(),
        c.getNamespaces(),
        c.getFollowControllerNamespaceChanges(),
        c.getLabelSelector(),
        c.getOnAddFilter(),
        c.getOnUpdateFilter(),
        c.getOnDeleteFilter(),
        c.getGenericFilter(),
        c.getItemStore(),
        c.getInformerListLimit(),
        c.getFieldSelector());
  }

  /** {@code configuration}, giving each informer a store of its own. */
  public static <R extends HasMetadata> InformerConfiguration<R> of(
      InformerConfiguration<R> configuration) {
    return configuration instanceof StorePerInformer<R>
        ? configuration
        : new StorePerInformer<>(configuration);
  }

  /** An event source's {@code configuration}, giving each informer a store of its own. */
  public static <R extends HasMetadata> InformerEventSourceConfiguration<R> of(
      InformerEventSourceConfiguration<R> configuration) {
    return configuration instanceof Source<R>
        ? configuration
        : new Source<>(configuration, null, of(configuration.getInformerConfig()));
  }

  /**
   * The informer JOSDK built for a dependent ({@code built}, never started) as a {@link
   * LeanEventSource}: each informer with a store of its own, none with an index by namespace.
   */
  public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
      InformerEventSource<R, P> built, EventSourceContext<P> context) {
    return new LeanEventSource<>(built.configuration(), context);
  }

  /** As {@link #of(InformerEventSourceConfiguration)}, with {@code mapper} as JOSDK's. */
  static <R extends HasMetadata> InformerEventSourceConfiguration<R> of(
      InformerEventSourceConfiguration<R> configuration,
      PrimaryToSecondaryMapper<?> primaryToSecondary) {
    return new Source<>(configuration, primaryToSecondary, of(configuration.getInformerConfig()));
  }

  /**
   * A controller's {@code configuration} (as JOSDK resolved it, overrides applied), its informer of
   * instances giving each informer a store of its own. JOSDK's copy of a configuration forgets the
   * dependents' configurations; they are carried over here.
   */
  public static <P extends HasMetadata> ControllerConfiguration<P> controller(
      ControllerConfiguration<P> configuration) {
    @SuppressWarnings("rawtypes")
    Map<DependentResourceSpec, Object> dependents = new HashMap<>();
    configuration
        .getWorkflowSpec()
        .ifPresent(
            workflow -> {
              for (DependentResourceSpec<?, P, ?> spec : workflow.getDependentResourceSpecs()) {
                dependents.put(spec, configuration.getConfigurationFor(spec));
              }
            });
    return new ResolvedControllerConfiguration<>(
        configuration.getName(),
        configuration.isGenerationAware(),
        configuration.getAssociatedReconcilerClassName(),
        configuration.getRetry(),
        configuration.getRateLimiter(),
        configuration.maxReconciliationInterval().orElse(null),
        configuration.getFinalizerName(),
        dependents,
        configuration.fieldManager(),
        configuration.getConfigurationService(),
        of(configuration.getInformerConfig()),
        configuration.triggerReconcilerOnAllEvents(),
        configuration.getWorkflowSpec().orElse(null));
  }

  @Override
  public ItemStore<R> getItemStore() {
    if (super.getItemStore() instanceof LeanStore<R> configured) {
      var store = configured.fresh();
      stores.add(store);
      return store;
    }
    return super.getItemStore();
  }

  /** The stores handed out, one per informer started: where the owner index looks. */
  List<LeanStore<R>> stores() {
    return stores;
  }

  /**
   * An event source's configuration as JOSDK built it, but for the store per informer (one
   * configuration, {@code informerConfig}, that knows every store it handed out) and, when given,
   * the primary-to-secondary mapper ({@link OwnerIndexedEventSource}'s owner index).
   */
  private record Source<R extends HasMetadata>(
      InformerEventSourceConfiguration<R> configured,
      PrimaryToSecondaryMapper<?> mapper,
      InformerConfiguration<R> informerConfig)
      implements InformerEventSourceConfiguration<R> {

    @SuppressWarnings("unchecked")
    @Override
    public <P extends HasMetadata> PrimaryToSecondaryMapper<P> getPrimaryToSecondaryMapper() {
      return mapper == null
          ? configured.getPrimaryToSecondaryMapper()
          : (PrimaryToSecondaryMapper<P>) mapper;
    }

    @Override
    public SecondaryToPrimaryMapper<R> getSecondaryToPrimaryMapper() {
      return configured.getSecondaryToPrimaryMapper();
    }

    @Override
    public InformerConfiguration<R> getInformerConfig() {
      return informerConfig;
    }

    @Override
    public Optional<GroupVersionKind> getGroupVersionKind() {
      return configured.getGroupVersionKind();
    }

    @Override
    public String name() {
      return configured.name();
    }

    @Override
    public Optional<KubernetesClient> getKubernetesClient() {
      return configured.getKubernetesClient();
    }

    @Override
    public boolean followControllerNamespaceChanges() {
      return configured.followControllerNamespaceChanges();
    }

    @Override
    public String getResourceTypeName() {
      return configured.getResourceTypeName();
    }

    @Override
    public Class<R> getResourceClass() {
      return configured.getResourceClass();
    }
  }
}
