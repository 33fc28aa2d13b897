package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassOrderTest {

  private static final Metrics RANKING = PassOrder.metrics(Metrics.NOOP);

  @Test
  void anInstanceWithoutAnObservedGenerationIsNewAndEveryOtherResourceRuns() {
    var fresh = TestInstances.sample("production");
    assertThat(PassOrder.rankOf(fresh)).isEqualTo(PassOrder.NEW);

    var reported = TestInstances.copy(fresh);
    reported.setStatus(new AmsInstanceStatus());
    assertThat(PassOrder.rankOf(reported)).isEqualTo(PassOrder.NEW);
    reported.getStatus().setObservedGeneration(1L);
    assertThat(PassOrder.rankOf(reported)).isEqualTo(PassOrder.RUNNING);

    var deleted = TestInstances.copy(fresh);
    deleted.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
    assertThat(PassOrder.rankOf(deleted))
        .as("its clean-up waits for nothing")
        .isEqualTo(PassOrder.RUNNING);

    assertThat(PassOrder.rankOf(new ConfigMap())).isEqualTo(PassOrder.RUNNING);
  }

  @Test
  void waitingPassesOfRunningInstancesGoFirstInTheOrderTheyCame() throws Exception {
    ExecutorService pool = PassOrder.reconcilePool(1);
    try {
      var ran = new CopyOnWriteArrayList<String>();
      var hold = new CountDownLatch(1);
      dispatch(pool, running("busy"), () -> waitFor(hold));
      for (var instance :
          List.of(fresh("new-1"), running("old-1"), fresh("new-2"), running("old-2"))) {
        dispatch(pool, instance, () -> ran.add(instance.getMetadata().getName()));
      }
      hold.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 4);
      assertThat(ran).containsExactly("old-1", "old-2", "new-1", "new-2");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPassDependentsTakeItsRankInTheWorkflowPool() throws Exception {
    ExecutorService passes = PassOrder.reconcilePool(2);
    ExecutorService workflow = PassOrder.workflowPool(1);
    try {
      var ran = new CopyOnWriteArrayList<String>();
      var hold = new CountDownLatch(1);
      workflow.execute(() -> waitFor(hold));
      var submitted = new CountDownLatch(2);
      for (var instance : List.of(fresh("new"), running("old"))) {
        String name = instance.getMetadata().getName();
        dispatch(
            passes,
            instance,
            () -> {
              Future<?> dependent = workflow.submit(() -> ran.add(name));
              submitted.countDown();
              try {
                dependent.get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
      }
      assertThat(submitted.await(10, TimeUnit.SECONDS)).isTrue();
      hold.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
      assertThat(ran).containsExactly("old", "new");
    } finally {
      passes.shutdownNow();
      workflow.shutdownNow();
    }
  }

  @Test
  void everyMetricReachesTheMetricsItWraps() throws Exception {
    var calls = new AtomicInteger();
    Metrics counting =
        new Metrics() {
          @Override
          public void reconcileCustomResource(
              HasMetadata resource,
              io.javaoperatorsdk.operator.api.reconciler.RetryInfo retryInfo,
              Map<String, Object> metadata) {
            calls.incrementAndGet();
          }

          @Override
          public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
            calls.incrementAndGet();
          }

          @Override
          public void failedReconciliation(
              HasMetadata resource, Exception exception, Map<String, Object> metadata) {
            calls.incrementAndGet();
          }

          @Override
          public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
            calls.incrementAndGet();
            return map;
          }

          @Override
          public <T> T timeControllerExecution(ControllerExecution<T> execution) {
            calls.incrementAndGet();
            return null;
          }
        };
    Metrics wrapped = PassOrder.metrics(counting);
    var instance = fresh("i");
    wrapped.reconcileCustomResource(instance, null, Map.of());
    wrapped.finishedReconciliation(instance, Map.of());
    wrapped.failedReconciliation(instance, new RuntimeException(), Map.of());
    wrapped.monitorSizeOf(Map.of(), "m");
    wrapped.timeControllerExecution(null);
    assertThat(calls).hasValue(5);
  }

  /**
   * Every method of JOSDK's Metrics, those it may add included, reaches the wrapped metrics: a
   * method the wrapper does not forward would fall to the interface's default and count nothing.
   */
  @Test
  void everyMethodOfMetricsIsForwarded() throws Exception {
    var reached = new java.util.HashSet<java.lang.reflect.Method>();
    Metrics recording =
        (Metrics)
            java.lang.reflect.Proxy.newProxyInstance(
                Metrics.class.getClassLoader(),
                new Class<?>[] {Metrics.class},
                (proxy, method, args) -> {
                  reached.add(method);
                  return null;
                });
    Metrics wrapped = PassOrder.metrics(recording);
    var methods =
        java.util.Arrays.stream(Metrics.class.getMethods())
            .filter(m -> !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
            .toList();
    for (var method : methods) {
      var args =
          java.util.Arrays.stream(method.getParameterTypes())
              .map(type -> type == Map.class ? (Object) Map.of() : null)
              .toArray();
      method.invoke(wrapped, args);
    }
    assertThat(methods).isNotEmpty();
    assertThat(reached).containsExactlyInAnyOrderElementsOf(methods);
  }

  /**
   * JOSDK's side of the contract: it reports a pass to the metrics on the thread that then hands it
   * to the executor, so a new instance's first pass runs as NEW and its next pass, once it has a
   * status, as RUNNING.
   */
  @Test
  void joSdkPassesRunInTheRankOfTheirInstance() {
    try (var server = EmbeddedApiServer.start()) {
      server.installCrd(AmsInstanceCrd.fromClasspath().definition());
      var ranks = new CopyOnWriteArrayList<Integer>();
      var operator =
          new Operator(
              o ->
                  o.withKubernetesClient(server.client("ams-operator"))
                      .withMetrics(PassOrder.metrics(Metrics.NOOP))
                      .withExecutorService(PassOrder.reconcilePool(2))
                      .withWorkflowExecutorService(PassOrder.workflowPool(2)));
      operator.register(new RankRecorder(ranks));
      operator.start();
      try {
        var client = server.client("user");
        var instance = TestInstances.sample("local");
        instance.getMetadata().setNamespace("team-a");
        client.resource(instance).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> !ranks.isEmpty());
        client
            .resources(AmsInstance.class)
            .inNamespace("team-a")
            .withName(instance.getMetadata().getName())
            .edit(
                i -> {
                  i.getMetadata().setAnnotations(Map.of("touched", "yes"));
                  return i;
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> ranks.contains(PassOrder.RUNNING));
        assertThat(ranks.get(0)).isEqualTo(PassOrder.NEW);
      } finally {
        operator.stop();
      }
    }
  }

  @ControllerConfiguration(generationAwareEventProcessing = false)
  static final class RankRecorder implements Reconciler<AmsInstance> {
    private final List<Integer> ranks;

    RankRecorder(List<Integer> ranks) {
      this.ranks = ranks;
    }

    @Override
    public UpdateControl<AmsInstance> reconcile(
        AmsInstance instance, Context<AmsInstance> context) {
      ranks.add(PassOrder.runningRank());
      if (instance.getStatus() != null && instance.getStatus().getObservedGeneration() != null) {
        return UpdateControl.noUpdate();
      }
      var reported = new AmsInstance();
      reported.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName(instance.getMetadata().getName())
              .withNamespace(instance.getMetadata().getNamespace())
              .build());
      reported.setStatus(new AmsInstanceStatus());
      reported.getStatus().setObservedGeneration(instance.getMetadata().getGeneration());
      return UpdateControl.patchStatus(reported);
    }
  }

  private static AmsInstance fresh(String name) {
    var instance = TestInstances.sample("local");
    instance.getMetadata().setName(name);
    return instance;
  }

  private static AmsInstance running(String name) {
    var instance = fresh(name);
    instance.setStatus(new AmsInstanceStatus());
    instance.getStatus().setObservedGeneration(1L);
    return instance;
  }

  /** As JOSDK dispatches a pass: the metrics told, then the executor handed it, on one thread. */
  private static void dispatch(ExecutorService pool, AmsInstance instance, Runnable pass) {
    RANKING.reconcileCustomResource(instance, null, Map.of());
    pool.execute(pass);
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
