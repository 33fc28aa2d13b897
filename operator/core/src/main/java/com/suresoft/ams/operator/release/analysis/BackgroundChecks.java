package com.suresoft.ams.operator.release.analysis;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.release.AnalysisResult;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CandidateCheck}s on a few threads of their own, so that a reconcile never waits on
 * the network: a Prometheus URL that does not answer costs an analysis thread its timeout, never a
 * reconcile thread (which every other instance shares).
 *
 * <p>The reconciler {@link #poll}s when a check is due: the first poll starts the check and returns
 * nothing (the planner then holds the step and asks again soon); once the check is done, {@code
 * onDone} wakes the instance and the next poll returns its result, once. A result belongs to the
 * due point it was started for (candidate version, step, last check): when the release has moved on
 * meanwhile, it is dropped and a check for the new point starts. At most one check per instance
 * runs at a time.
 */
public final class BackgroundChecks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundChecks.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final CandidateCheck check;
  private final ExecutorService threads;
  private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, String> onDone = (namespace, name) -> {};

  private record Running(String due, CompletableFuture<AnalysisResult> result) {}

  public BackgroundChecks(CandidateCheck check, int threadCount) {
    this.check = check;
    var counter = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            r -> {
              var t = new Thread(r, "ams-analysis-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Called with (namespace, name) when a check of that instance has finished. */
  public void onDone(BiConsumer<String, String> listener) {
    this.onDone = listener;
  }

  /**
   * The result of the check due now for {@code release}, if it has finished; otherwise starts it
   * (unless it runs already) and returns empty.
   */
  public Optional<AnalysisResult> poll(InstanceModel m, ReleaseStatus release) {
    String key = m.namespace() + "/" + m.name();
    String due = due(release);
    Running r = running.get(key);
    if (r != null && r.due().equals(due)) {
      if (!r.result().isDone()) {
        return Optional.empty();
      }
      running.remove(key, r);
      return Optional.of(r.result().join());
    }
    if (r != null) {
      // Started for a point the release has left: its answer would be about something else.
      r.result().cancel(true);
    }
    // The check reads the status on another thread while this one goes on planning with it.
    ReleaseStatus snapshot = SERIALIZATION.clone(release);
    var result =
        CompletableFuture.supplyAsync(() -> run(m, snapshot), threads)
            .whenComplete((v, e) -> onDone.accept(m.namespace(), m.name()));
    running.put(key, new Running(due, result));
    return Optional.empty();
  }

  /** Forgets an instance that is gone (or no longer checked). */
  public void forget(String namespace, String name) {
    Running r = running.remove(namespace + "/" + name);
    if (r != null) {
      r.result().cancel(true);
    }
  }

  private AnalysisResult run(InstanceModel m, ReleaseStatus release) {
    try {
      return check.check(m, release);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AnalysisResult.error(PrometheusError.UNREACHABLE);
    } catch (RuntimeException e) {
      // A bug, not the candidate's fault: logged here for the platform, generic in the status.
      log.warn("{}/{}: metric check failed", m.namespace(), m.name(), e);
      return AnalysisResult.error(PrometheusError.QUERY_FAILED);
    }
  }

  private static String due(ReleaseStatus s) {
    return s.getCandidateVersion()
        + "|"
        + s.getStepIndex()
        + "|"
        + s.getStepStartedAt()
        + "|"
        + s.getLastAnalysisAt()
        + "|"
        + s.getCanaryWeight();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
