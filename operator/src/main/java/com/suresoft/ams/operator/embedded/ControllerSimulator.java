package com.suresoft.ams.operator.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Plays the built-in Kubernetes controllers against an {@link EmbeddedApiServer}, so that an
 * operator under test sees its Deployments, StatefulSets and Jobs make progress:
 *
 * <ul>
 *   <li>Deployments become ready with all desired replicas available;
 *   <li>StatefulSets become ready, and get the PersistentVolumeClaims of their claim templates;
 *   <li>Jobs complete;
 *   <li>an autoscaling/v2 HorizontalPodAutoscaler sets the replicas of a target that leaves them
 *       unset, writing as {@value #HPA_ACTOR}.
 * </ul>
 *
 * <p>Tests can {@link #holdUnready hold} an object back, {@link #failJob fail} a Job, and {@link
 * #release} either. It writes only when a status differs from what is stored, with its own clients
 * (actor {@value #ACTOR}, or {@value #HPA_ACTOR}), so the {@link RequestLog} tells its writes
 * apart. It never deletes anything: the double has no garbage collector and no pods.
 *
 * <p>Driven by informers and a single-threaded work queue; {@link #awaitIdle()} waits until it has
 * caught up with what is on the server.
 */
public final class ControllerSimulator implements AutoCloseable {

  public static final String ACTOR = "controller-simulator";
  public static final String HPA_ACTOR = "horizontal-pod-autoscaler";

  public static final String DEPLOYMENT = "Deployment";
  public static final String STATEFUL_SET = "StatefulSet";
  public static final String JOB = "Job";

  private static final Set<String> KINDS = Set.of(DEPLOYMENT, STATEFUL_SET, JOB);
  private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final KubernetesClient autoscalerClient;
  private final Holds holds = new Holds();
  private final DeploymentSimulation deployments;
  private final StatefulSetSimulation statefulSets;
  private final JobSimulation jobs;
  private final WorkQueue queue;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private ControllerSimulator(EmbeddedApiServer server, Clock clock) {
    this.client = newClient(server, ACTOR);
    this.autoscalerClient = newClient(server, HPA_ACTOR);
    HorizontalPodAutoscalerSimulation autoscaler =
        new HorizontalPodAutoscalerSimulation(autoscalerClient);
    this.deployments = new DeploymentSimulation(client, autoscaler, holds, clock);
    this.statefulSets = new StatefulSetSimulation(client, autoscaler, holds);
    this.jobs = new JobSimulation(client, holds, clock);
    this.queue = new WorkQueue(ACTOR, this::reconcile);
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
    informers.add(
        client.apps().deployments().inAnyNamespace().inform(enqueueing(o -> key(DEPLOYMENT, o))));
    informers.add(
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .inform(enqueueing(o -> key(STATEFUL_SET, o))));
    informers.add(client.batch().v1().jobs().inAnyNamespace().inform(enqueueing(o -> key(JOB, o))));
    informers.add(
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inAnyNamespace()
            .inform(enqueueing(ControllerSimulator::targetOf)));
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

  /** {@link #awaitIdle(Duration)} with a 30 second timeout. */
  public void awaitIdle() {
    awaitIdle(DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * Waits until the simulator has caught up with the server as it is now: all queued work is done
   * and every Deployment, StatefulSet and Job on the server has been reconciled once more.
   *
   * @throws IllegalStateException if that failed (e.g. an interceptor failed its requests) or took
   *     longer than {@code timeout}
   */
  public void awaitIdle(Duration timeout) {
    queue.runAfterQueuedWork(
        () -> {
          List<RuntimeException> failures = new ArrayList<>();
          for (ObjectKey key : everythingOnTheServer()) {
            try {
              reconcile(key);
            } catch (RuntimeException e) {
              failures.add(e);
              queue.retryLater(key, e);
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
            keys(JOB, client.batch().v1().jobs().inAnyNamespace().list().getItems()))
        .flatMap(List::stream)
        .toList();
  }

  private static List<ObjectKey> keys(String kind, List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> key(kind, o)).toList();
  }

  private void reconcile(ObjectKey key) {
    switch (key.kind()) {
      case DEPLOYMENT -> deployments.reconcile(key);
      case STATEFUL_SET -> statefulSets.reconcile(key);
      case JOB -> jobs.reconcile(key);
      default -> throw new IllegalArgumentException("not simulated: " + key);
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    queue.close();
    client.close();
    autoscalerClient.close();
  }

  private <T extends HasMetadata> ResourceEventHandler<T> enqueueing(Function<T, ObjectKey> keyOf) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        enqueue(keyOf.apply(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (isWork(oldObj, newObj)) {
          enqueue(keyOf.apply(newObj));
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        enqueue(keyOf.apply(obj));
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

  private void enqueue(ObjectKey key) {
    if (key != null) {
      queue.enqueue(key);
    }
  }

  private static ObjectKey key(String kind, HasMetadata object) {
    return new ObjectKey(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** An HPA event concerns the workload it scales. */
  private static ObjectKey targetOf(HorizontalPodAutoscaler hpa) {
    if (hpa.getSpec() == null || hpa.getSpec().getScaleTargetRef() == null) {
      return null;
    }
    String kind = hpa.getSpec().getScaleTargetRef().getKind();
    return HorizontalPodAutoscalerSimulation.scalableKinds().contains(kind)
        ? new ObjectKey(
            kind, hpa.getMetadata().getNamespace(), hpa.getSpec().getScaleTargetRef().getName())
        : null;
  }

  private static ObjectKey checkedKey(String kind, String namespace, String name) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "the controller simulator plays " + KINDS + ", not " + kind);
    }
    return new ObjectKey(kind, namespace, name);
  }
}
