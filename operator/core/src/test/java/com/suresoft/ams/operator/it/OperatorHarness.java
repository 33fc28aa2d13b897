package com.suresoft.ams.operator.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.cache.SharedStrings;
import com.suresoft.ams.operator.chart.RecordedRequests;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The real operator wiring ({@link AmsOperator}, as {@code run} uses it) against the in-process API
 * server test double and the controller simulator. Tests act as a user would, through a client
 * whose requests the request log attributes to {@link #USER}.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String OPERATOR = "ams-operator";
  public static final String USER = "kubectl";
  public static final String NAMESPACE = "ams";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final EmbeddedApiServer server;
  private final ControllerSimulator simulator;
  private final KubernetesClient user;
  private final Duration resync;
  private final UnaryOperator<AmsOperator.Settings.Builder> customize;
  private final ReconcileCounter reconciles = new ReconcileCounter();
  private KubernetesClient operatorClient;
  private AmsOperator operator;
  private boolean closed;

  private OperatorHarness(Duration resync, UnaryOperator<AmsOperator.Settings.Builder> customize) {
    this.resync = resync;
    this.customize = customize;
    this.server = EmbeddedApiServer.start();
    server.installCrd(AmsInstanceCrd.fromClasspath().definition());
    this.simulator = ControllerSimulator.start(server);
    this.user = server.client(USER);
  }

  /** Starts the server, the simulator and the operator; {@code resync} bounds reconcile gaps. */
  public static OperatorHarness start(Duration resync) {
    return start(resync, UnaryOperator.identity());
  }

  /**
   * As {@link #start(Duration)}, with settings changed by {@code customize} (a test clock, a
   * candidate check); every operator this harness starts, restarts included, gets them.
   */
  public static OperatorHarness start(
      Duration resync, UnaryOperator<AmsOperator.Settings.Builder> customize) {
    var harness = new OperatorHarness(resync, customize);
    harness.startOperator();
    return harness;
  }

  /** With a short resync, so that tests can wait for reconciliations that no event triggers. */
  public static OperatorHarness start() {
    return start(Duration.ofMillis(250));
  }

  /** Starts an operator; the one before it must have been stopped. */
  public synchronized void startOperator() {
    if (operator != null) {
      throw new IllegalStateException("an operator is running: stop it before starting another");
    }
    operatorClient = server.client(OPERATOR, SharedStrings::in);
    var started = new AtomicReference<AmsOperator>();
    started.set(
        new AmsOperator(
            operatorClient,
            customize
                .apply(
                    AmsOperator.Settings.builder()
                        .resyncInterval(resync)
                        .metrics(reconciles)
                        // In a cluster the process exits and Kubernetes starts it again; here that
                        // exit would end the test JVM, so the harness restarts the operator itself.
                        // Not for an informer stopped without an error: JOSDK stops the informer of
                        // a
                        // dependent deactivated for every instance (CloudNativePG's, once no
                        // instance
                        // runs in that mode), and its default handler only logs that.
                        .informerStoppedHandler(
                            (informer, cause) -> {
                              if (cause != null) {
                                new Thread(
                                        () -> restartAfterFatalInformerError(started.get()),
                                        "restart")
                                    .start();
                              }
                            }))
                .build()));
    operator = started.get();
    operator.start();
  }

  /** Stops the operator gracefully: reconciliations in flight finish first. */
  public synchronized void stopOperator() {
    operator.close();
    operatorClient.close();
    operator = null;
  }

  /**
   * Restarts the operator whose informer failed for good, unless it was stopped or replaced since:
   * a test's own restart (a crash cuts the watches, which fails informers) must not start a second
   * operator that nothing stops, which would then fight the first one.
   */
  private synchronized void restartAfterFatalInformerError(AmsOperator failed) {
    if (operator == failed && !closed) {
      restartOperator();
    }
  }

  /**
   * Stops the operator as a crash would: its connections are cut first, so requests in flight fail
   * and whatever a reconciliation was in the middle of stays half done.
   */
  public synchronized void stopOperatorAbruptly() {
    operatorClient.close();
    operator.close();
    operator = null;
  }

  public synchronized void restartOperator() {
    stopOperator();
    startOperator();
  }

  /**
   * Empties {@link #NAMESPACE} for the next run, while the operator keeps running: the instances go
   * first, so that nothing recreates their children, then every other object (there is no garbage
   * collector).
   */
  public void clearNamespace() {
    user.resources(AmsInstance.class).inNamespace(NAMESPACE).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                user.resources(AmsInstance.class)
                    .inNamespace(NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
    // A reconciliation that began before the delete may still apply a child: wait until the
    // operator has been quiet for a while.
    awaitOperatorQuiet(Duration.ofMillis(150));
    for (var stored : storedInNamespace()) {
      user.resource(SERIALIZATION.unmarshal(stored.toString(), HasMetadata.class)).delete();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> storedInNamespace().isEmpty());
  }

  /** Waits until a whole {@code quiet} period passes without a write by the operator. */
  public void awaitOperatorQuiet(Duration quiet) {
    long start = mark();
    awaitUnchangedFor(quiet, () -> operatorWritesSince(start).size());
  }

  /**
   * Waits until a whole {@code quiet} period passes in which neither the operator wrote nor the
   * simulated cluster moved anything: what the operator saw before it, it has written.
   */
  public void awaitSettled(Duration quiet) {
    long start = mark();
    awaitUnchangedFor(quiet, () -> operatorWritesSince(start).size() + simulator.reconciliations());
  }

  /** Waits until a whole {@code quiet} period passes without a reconcile finishing. */
  public void awaitNoReconcileFor(Duration quiet) {
    awaitUnchangedFor(quiet, reconciles::finished);
  }

  private static void awaitUnchangedFor(Duration quiet, LongSupplier count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(quiet)
        .pollInterval(quiet)
        .until(
            new Callable<Boolean>() {
              private long seen = count.getAsLong();

              @Override
              public Boolean call() {
                long now = count.getAsLong();
                boolean unchanged = now == seen;
                seen = now;
                return unchanged;
              }
            });
  }

  /** Every object the server stores in {@link #NAMESPACE}, as stored. */
  public List<ObjectNode> storedInNamespace() {
    return server.storedObjects().stream()
        .filter(o -> NAMESPACE.equals(o.path("metadata").path("namespace").asText()))
        .toList();
  }

  /** The operator running now (null while stopped). */
  public synchronized AmsOperator operator() {
    return operator;
  }

  public EmbeddedApiServer server() {
    return server;
  }

  public ControllerSimulator simulator() {
    return simulator;
  }

  /** A client acting as a user (kubectl); its writes are not the operator's. */
  public KubernetesClient user() {
    return user;
  }

  public ReconcileCounter reconciles() {
    return reconciles;
  }

  public AmsInstance create(AmsInstance instance) {
    instance.getMetadata().setNamespace(NAMESPACE);
    return user.resource(instance).create();
  }

  public AmsInstance instance(String name) {
    return user.resources(AmsInstance.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /**
   * Changes the spec as {@code kubectl edit} would (a full update of the object). The operator's
   * status writes change the object's resourceVersion too, so an edit can meet a conflict (409);
   * like a user told "the object has been modified", it reads the object again and retries.
   */
  public AmsInstance edit(String name, UnaryOperator<AmsInstance> change) {
    return retryOnConflict(
        () -> user.resources(AmsInstance.class).inNamespace(NAMESPACE).withName(name).edit(change));
  }

  /**
   * Runs a read-modify-write of the instance again when it meets a conflict (409), as a user told
   * "the object has been modified" would: the operator's status writes race every such write.
   */
  public static <T> T retryOnConflict(java.util.function.Supplier<T> readModifyWrite) {
    for (int attempt = 1; ; attempt++) {
      try {
        return readModifyWrite.get();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  public AmsInstance awaitPhase(String name, Phase phase) {
    return awaitInstance(
        name,
        i ->
            i.getStatus().getPhase() == phase
                && Objects.equals(
                    i.getStatus().getObservedGeneration(), i.getMetadata().getGeneration()));
  }

  /** Waits until the instance has a status that satisfies {@code condition}, and returns it. */
  public AmsInstanceStatus awaitStatus(String name, Predicate<AmsInstanceStatus> condition) {
    return awaitInstance(name, i -> condition.test(i.getStatus())).getStatus();
  }

  /** Waits until the instance exists with a status and satisfies {@code condition}. */
  private AmsInstance awaitInstance(String name, Predicate<AmsInstance> condition) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var i = instance(name);
              return i != null && i.getStatus() != null && condition.test(i);
            });
    return instance(name);
  }

  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return user.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  /** Waits until the operator has finished {@code count} more reconciliations. */
  public void awaitReconciles(int count) {
    long target = reconciles.finished() + count;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> reconciles.finished() >= target);
  }

  public long mark() {
    return server.requestLog().mark();
  }

  /** Write requests (POST/PUT/PATCH/DELETE) the operator sent since {@code mark}. */
  public List<ApiRequest> operatorWritesSince(long mark) {
    return server.requestLog().writesSince(mark, OPERATOR::equals);
  }

  /** Also records the operator's requests for {@link RecordedRequests the RBAC proof}. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (operator != null) {
        stopOperator();
      }
    }
    RecordedRequests.save(server.requestLog(), OPERATOR);
    simulator.close();
    user.close();
    server.close();
  }
}
