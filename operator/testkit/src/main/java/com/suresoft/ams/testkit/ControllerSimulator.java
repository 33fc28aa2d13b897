package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Plays the built-in Kubernetes controllers against an {@link EmbeddedApiServer}, so that an
 * operator under test sees its Deployments, StatefulSets and Jobs make progress:
 *
 * <ul>
 *   <li>Deployments start pods, which become ready as their {@link PodReadiness} says (at once
 *       unless a test {@link #readiness configures} otherwise), and roll to a new template pod by
 *       pod;
 *   <li>StatefulSets become ready, and get the PersistentVolumeClaims of their claim templates;
 *   <li>PersistentVolumeClaims bind and grow as their StorageClass allows;
 *   <li>Jobs complete (at once, unless made {@link #slowJobs slow});
 *   <li>an autoscaling/v2 HorizontalPodAutoscaler keeps its target's replicas within its bounds and
 *       follows the {@link #setAutoscalerLoad load} a test sets, writing as {@value #HPA_ACTOR};
 *   <li>a PodDisruptionBudget's status follows the readiness of the workloads it selects.
 * </ul>
 *
 * <p>The defaults are kind: everything is ready at once. A real cluster is not, and an operator
 * whose releases depend on ready capacity must be tested against that too, so tests can make pods
 * slow ({@link PodReadiness#oneByOne}), cap them ({@link PodReadiness#partly}), take ready pods
 * away ({@link #makeUnready}), make new ones crash ({@link #crashLoop}), and let them {@link
 * #recover}; {@link #holdUnready hold} an object back, {@link #failJob fail} a Job, and {@link
 * #release} either.
 *
 * <p>It writes only when a status differs from what is stored, with its own clients (actor {@value
 * #ACTOR}, or {@value #HPA_ACTOR}), so the {@link RequestLog} tells its writes apart. It never
 * deletes anything: the double has no garbage collector, and its pods live only in the simulator.
 *
 * <p>Driven by informers and a single-threaded work queue; {@link #awaitIdle()} waits until it has
 * caught up with what is on the server, not for pods or Jobs due to be ready later.
 */
public final class ControllerSimulator implements AutoCloseable {

  public static final String ACTOR = "controller-simulator";
  public static final String HPA_ACTOR = "horizontal-pod-autoscaler";

  public static final String DEPLOYMENT = "Deployment";
  public static final String STATEFUL_SET = "StatefulSet";
  public static final String JOB = "Job";

  private static final String AUTOSCALER = "HorizontalPodAutoscaler";
  private static final String CLAIM = "PersistentVolumeClaim";
  private static final String BUDGET = "PodDisruptionBudget";
  private static final Set<String> KINDS = Set.of(DEPLOYMENT, STATEFUL_SET, JOB);
  private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Sweeps of {@link #awaitIdle} until one writes nothing: a write can give another simulated
   * controller work (an HPA's scale is its Deployment's new spec). Bounded, because an operator
   * that fights an HPA gives them work forever.
   */
  private static final int MAX_SWEEPS = 10;

  private final KubernetesClient client;
  private final KubernetesClient autoscalerClient;
  private final Holds holds = new Holds();
  private final ReadinessSettings readiness = new ReadinessSettings();
  private final DeploymentSimulation deployments;
  private final StatefulSetSimulation statefulSets;
  private final JobSimulation jobs;
  private final HorizontalPodAutoscalerSimulation autoscalers;
  private final PersistentVolumeClaimSimulation claims;
  private final DisruptionBudgetSimulation budgets;
  private final WorkQueue queue;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<HorizontalPodAutoscaler> autoscalerInformer;
  private SharedIndexInformer<PodDisruptionBudget> budgetInformer;
  private SharedIndexInformer<Deployment> deploymentInformer;
  private SharedIndexInformer<StatefulSet> statefulSetInformer;

  private ControllerSimulator(EmbeddedApiServer server, Clock clock) {
    this.client = newClient(server, ACTOR);
    this.autoscalerClient = newClient(server, HPA_ACTOR);
    this.queue = new WorkQueue(ACTOR, this::reconcile);
    this.autoscalers = new HorizontalPodAutoscalerSimulation(autoscalerClient, clock);
    this.deployments =
        new DeploymentSimulation(client, holds, readiness, queue::enqueueAfter, clock);
    this.statefulSets = new StatefulSetSimulation(client, holds);
    this.jobs = new JobSimulation(client, holds, queue::enqueueAfter, clock);
    this.claims = new PersistentVolumeClaimSimulation(client);
    this.budgets = new DisruptionBudgetSimulation(client, clock);
  }

  /**
   * A controller retries through its work queue, not inside an HTTP call: with the client's own
   * retries, one injected 5xx would stall the single worker for minutes.
   */
  private static KubernetesClient newClient(EmbeddedApiServer server, String actor) {
    Config config = server.clientConfig(actor);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Starts watching the server; returns once the informers have listed what is there. */
  public static ControllerSimulator start(EmbeddedApiServer server) {
    ControllerSimulator simulator = new ControllerSimulator(server, Clock.systemUTC());
    simulator.startInformers();
    return simulator;
  }

  private void startInformers() {
    // First, so that a workload's events find the autoscalers targeting it in this cache.
    autoscalerInformer =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inAnyNamespace()
            .inform(enqueueing(o -> Stream.of(key(AUTOSCALER, o))));
    informers.add(autoscalerInformer);
    // Runs last: a budget is reconciled from the workload informers' caches.
    budgetInformer =
        client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0);
    budgetInformer.addEventHandler(enqueueing(o -> Stream.of(key(BUDGET, o))));
    informers.add(budgetInformer);
    deploymentInformer =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(enqueueing(o -> withAutoscalers(key(DEPLOYMENT, o))));
    deploymentInformer.addEventHandler(budgetsSelecting(d -> d.getSpec().getTemplate()));
    informers.add(deploymentInformer);
    statefulSetInformer =
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .inform(enqueueing(o -> withAutoscalers(key(STATEFUL_SET, o))));
    statefulSetInformer.addEventHandler(budgetsSelecting(s -> s.getSpec().getTemplate()));
    informers.add(statefulSetInformer);
    informers.add(
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(enqueueing(o -> Stream.of(key(JOB, o)))));
    budgetInformer.run();
    startVolumeInformers();
  }

  /**
   * Claims bind as their StorageClass allows; a class created later, or a StatefulSet whose pods
   * come to use a claim, can let a pending claim bind.
   */
  private void startVolumeInformers() {
    SharedIndexInformer<PersistentVolumeClaim> claimInformer =
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .inform(enqueueing(o -> Stream.of(key(CLAIM, o))));
    informers.add(claimInformer);
    informers.add(
        client
            .storage()
            .v1()
            .storageClasses()
            .inform(enqueueing(o -> keys(CLAIM, claimInformer.getStore().list()).stream())));
    informers.add(
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .inform(
                enqueueing(
                    set ->
                        PersistentVolumeClaimSimulation.claimsOf(set).stream()
                            .map(
                                name ->
                                    new ObjectKey(
                                        CLAIM, set.getMetadata().getNamespace(), name)))));
  }

  /**
   * A workload's new spec is work for the autoscalers targeting it, too: a real HPA looks at its
   * target every 15 seconds and corrects a count outside its bounds.
   */
  private Stream<ObjectKey> withAutoscalers(ObjectKey workload) {
    Stream<ObjectKey> targeting =
        autoscalerInformer.getStore().list().stream()
            .filter(hpa -> workload.namespace().equals(hpa.getMetadata().getNamespace()))
            .filter(
                hpa ->
                    HorizontalPodAutoscalerSimulation.targets(
                        hpa, workload.kind(), workload.name()))
            .map(hpa -> key(AUTOSCALER, hpa));
    return Stream.concat(Stream.of(workload), targeting);
  }

  /**
   * Every change of a workload, its status included (the readiness of its pods), is work for the
   * budgets whose selector matches its pod template, as for the disruption controller.
   */
  private <W extends HasMetadata> ResourceEventHandler<W> budgetsSelecting(
      Function<W, PodTemplateSpec> template) {
    Function<W, Stream<ObjectKey>> keys =
        workload ->
            budgetInformer
                .getIndexer()
                .byIndex(Cache.NAMESPACE_INDEX, workload.getMetadata().getNamespace())
                .stream()
                .filter(
                    b ->
                        b.getSpec() != null
                            && DisruptionBudgetSimulation.matches(
                                b.getSpec().getSelector(), template.apply(workload)))
                .map(b -> key(BUDGET, b));
    return enqueueing(keys, (before, after) -> true);
  }

  /** Keeps the object unready (readyReplicas absent, or a Job still active) until released. */
  public void holdUnready(String kind, String namespace, String name) {
    ObjectKey key = checkedKey(kind, namespace, name);
    holds.put(key, Holds.Hold.UNREADY);
    queue.enqueue(key);
  }

  /**
   * Makes the Job fail ({@code failed=1}, condition {@code Failed=True}). A Job that has already
   * finished stays as it is, so call this before the Job is created.
   */
  public void failJob(String namespace, String name) {
    ObjectKey key = checkedKey(JOB, namespace, name);
    holds.put(key, Holds.Hold.FAILED);
    queue.enqueue(key);
  }

  /** Lets a held object become ready (a held Job completes; a failed Job stays failed). */
  public void release(String kind, String namespace, String name) {
    ObjectKey key = checkedKey(kind, namespace, name);
    holds.release(key);
    queue.enqueue(key);
  }

  /**
   * How the pods of Deployment {@code namespace/name} become ready from now on, e.g. {@link
   * PodReadiness#oneByOne} to see a release wait for ready capacity step by step. Pods already
   * ready stay ready. May be called before the Deployment exists.
   */
  public void readiness(String namespace, String name, PodReadiness readiness) {
    ObjectKey key = checkedKey(DEPLOYMENT, namespace, name);
    this.readiness.set(key, readiness);
    queue.enqueue(key);
  }

  /**
   * How the pods of every Deployment without a {@link #readiness} of its own become ready from now
   * on (initially {@link PodReadiness#immediate()}): to run a whole scenario on slow pods.
   */
  public void defaultReadiness(PodReadiness readiness) {
    this.readiness.setDefault(readiness);
    keys(DEPLOYMENT, client.apps().deployments().inAnyNamespace().list().getItems())
        .forEach(queue::enqueue);
  }

  /**
   * Makes {@code n} ready pods of Deployment {@code namespace/name} unready now (the newest first;
   * all of them if fewer are ready), as when pods fail their readiness probe in the middle of a
   * release step. They stay unready until {@link #recover}. Takes effect on the simulator's next
   * turn: {@link #awaitIdle()} to see it on the server. A Deployment the simulator has not seen yet
   * has no ready pods to lose.
   */
  public void makeUnready(String namespace, String name, int n) {
    ObjectKey key = checkedKey(DEPLOYMENT, namespace, name);
    queue.execute(
        () -> {
          deployments.makeUnready(key, n);
          queue.enqueue(key);
        });
  }

  /**
   * Makes Deployment {@code namespace/name} crash-loop: every pod it starts from now on (new pods,
   * pods of a new template, pods that recover) and every pod still starting never becomes ready, as
   * when a broken version restarts its containers over and over; pods already ready keep running,
   * as the old version's do during a rollout. The double has no pods, so restarts themselves are
   * not visible: the Deployment reports the pods, but never as ready. Until {@link #recover}. May
   * be called before the Deployment exists.
   */
  public void crashLoop(String namespace, String name) {
    ObjectKey key = checkedKey(DEPLOYMENT, namespace, name);
    readiness.crashLoop(key);
    queue.enqueue(key);
  }

  /**
   * Ends a {@link #crashLoop} and lets the pods {@link #makeUnready made unready} start again: they
   * become ready as the Deployment's {@link PodReadiness} allows (at once by default).
   */
  public void recover(String namespace, String name) {
    ObjectKey key = checkedKey(DEPLOYMENT, namespace, name);
    readiness.stopCrashLoop(key);
    queue.execute(
        () -> {
          deployments.recover(key);
          queue.enqueue(key);
        });
  }

  /**
   * Every Job without a duration of its own runs {@code duration} (from when the simulator first
   * sees it) before it completes, as real migrations and smoke checks take time; {@link
   * Duration#ZERO}, the default, completes them at once. A held or failed Job behaves as before.
   */
  public void slowJobs(Duration duration) {
    jobs.setDefaultDuration(duration);
    keys(JOB, client.batch().v1().jobs().inAnyNamespace().list().getItems())
        .forEach(queue::enqueue);
  }

  /**
   * Job {@code namespace/name} runs {@code duration} before it completes (see {@link #slowJobs}).
   */
  public void slowJob(String namespace, String name, Duration duration) {
    ObjectKey key = checkedKey(JOB, namespace, name);
    jobs.setDuration(key, duration);
    queue.enqueue(key);
  }

  /**
   * The load on HorizontalPodAutoscaler {@code namespace/hpaName}, as the number of replicas its
   * metrics would ask for: from now on it scales its current target to that count, clamped to
   * [minReplicas, maxReplicas] (but never a target at 0 replicas: scaling is off then). Without a
   * load, an HPA keeps the current count within its bounds. May be called before the HPA exists.
   */
  public void setAutoscalerLoad(String namespace, String hpaName, int wantedReplicas) {
    ObjectKey key = new ObjectKey(AUTOSCALER, namespace, hpaName);
    autoscalers.setLoad(key, wantedReplicas);
    queue.enqueue(key);
  }

  /** {@link #awaitIdle(Duration)} with a 30 second timeout. */
  public void awaitIdle() {
    awaitIdle(DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * Waits until the simulator has caught up with the server as it is now: all queued work is done
   * and every Deployment, StatefulSet, Job and HorizontalPodAutoscaler on the server has been
   * reconciled until that wrote nothing more.
   *
   * <p>It does not wait for time to pass: pods due to become ready later ({@link
   * PodReadiness#oneByOne}) and slow Jobs are on timers, not in the queue, so this returns while
   * they are pending (otherwise a pod that never becomes ready would make it hang). Wait for those
   * on the server, e.g. with Awaitility.
   *
   * @throws IllegalStateException if that failed (e.g. an interceptor failed its requests) or took
   *     longer than {@code timeout}
   */
  public void awaitIdle(Duration timeout) {
    queue.runAfterQueuedWork(
        () -> {
          List<RuntimeException> failures = new ArrayList<>();
          boolean wrote = true;
          for (int sweep = 0; sweep < MAX_SWEEPS && wrote && failures.isEmpty(); sweep++) {
            wrote = false;
            for (ObjectKey key : everythingOnTheServer()) {
              try {
                wrote |= reconcile(key);
              } catch (RuntimeException e) {
                failures.add(e);
                queue.retryLater(key, e);
              }
            }
          }
          if (!failures.isEmpty()) {
            IllegalStateException error =
                new IllegalStateException(
                    "the controller simulator could not reconcile "
                        + failures.size()
                        + " object(s)",
                    failures.get(0));
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
          }
          return null;
        },
        timeout);
  }

  private List<ObjectKey> everythingOnTheServer() {
    return Stream.of(
            keys(DEPLOYMENT, client.apps().deployments().inAnyNamespace().list().getItems()),
            keys(STATEFUL_SET, client.apps().statefulSets().inAnyNamespace().list().getItems()),
            keys(JOB, client.batch().v1().jobs().inAnyNamespace().list().getItems()),
            keys(CLAIM, client.persistentVolumeClaims().inAnyNamespace().list().getItems()),
            keys(
                BUDGET,
                client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()),
            keys(
                AUTOSCALER,
                client
                    .autoscaling()
                    .v2()
                    .horizontalPodAutoscalers()
                    .inAnyNamespace()
                    .list()
                    .getItems()))
        .flatMap(List::stream)
        .toList();
  }

  private static <T> List<T> inNamespace(SharedIndexInformer<T> informer, String namespace) {
    return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  private static List<ObjectKey> keys(String kind, List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> key(kind, o)).toList();
  }

  /** Returns whether it wrote anything. */
  private boolean reconcile(ObjectKey key) {
    return switch (key.kind()) {
      case DEPLOYMENT -> deployments.reconcile(key);
      case STATEFUL_SET -> statefulSets.reconcile(key);
      case JOB -> jobs.reconcile(key);
      case AUTOSCALER -> autoscalers.reconcile(key);
      case CLAIM -> claims.reconcile(key);
      case BUDGET ->
          budgets.reconcile(
              budgetInformer.getStore().getByKey(key.namespace() + "/" + key.name()),
              inNamespace(deploymentInformer, key.namespace()),
              inNamespace(statefulSetInformer, key.namespace()));
      default -> throw new IllegalArgumentException("not simulated: " + key);
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    queue.close();
    client.close();
    autoscalerClient.close();
  }

  private <T extends HasMetadata> ResourceEventHandler<T> enqueueing(
      Function<T, Stream<ObjectKey>> keysOf) {
    return enqueueing(keysOf, ControllerSimulator::isWork);
  }

  /** Enqueues the keys of an added or deleted object, and of an update that {@code isWork}. */
  private <T extends HasMetadata> ResourceEventHandler<T> enqueueing(
      Function<T, Stream<ObjectKey>> keysOf, BiPredicate<T, T> isWork) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        keysOf.apply(obj).forEach(queue::enqueue);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (isWork.test(oldObj, newObj)) {
          keysOf.apply(newObj).forEach(queue::enqueue);
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        keysOf.apply(obj).forEach(queue::enqueue);
      }
    };
  }

  /**
   * Whether an update gives the simulated controllers something to do: only a new generation (a
   * change outside metadata and status) does, as with controller-runtime's
   * GenerationChangedPredicate. What they write depends on the spec and on holds, which enqueue
   * their object themselves; a status-only update, above all the echo of their own status write,
   * would be re-read from the server (the object, the namespace's autoscalers, the claims) to
   * change nothing. A real controller reconciles such an echo from its cache, without a request;
   * here each one cost a round trip on the single worker, which every client waits behind.
   */
  static boolean isWork(HasMetadata before, HasMetadata after) {
    return !Objects.equals(
        before.getMetadata().getGeneration(), after.getMetadata().getGeneration());
  }

  /** Keys the work queue has reconciled so far (the sweeps of {@link #awaitIdle} not counted). */
  public long reconciliations() {
    return queue.processed();
  }

  /** Objects waiting in the work queue to be reconciled now: how far behind the simulator is. */
  public int backlog() {
    return queue.waiting();
  }

  private static ObjectKey key(String kind, HasMetadata object) {
    return new ObjectKey(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  private static ObjectKey checkedKey(String kind, String namespace, String name) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "the controller simulator plays " + KINDS + ", not " + kind);
    }
    return new ObjectKey(kind, namespace, name);
  }
}
