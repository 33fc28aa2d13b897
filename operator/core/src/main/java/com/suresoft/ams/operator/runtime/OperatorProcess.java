package com.suresoft.ams.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.status.ReleaseGauges;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run} runs: the operator plus what a Deployment needs around it — leader election on a
 * Lease, {@code /healthz} and {@code /readyz} for the kubelet's probes, Prometheus metrics (JOSDK
 * reconcile metrics, JVM metrics and {@code ams_operator_leader}) and an orderly stop.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorProcess.class);

  /**
   * @param namespaces watched namespaces; empty: all
   * @param leaseNamespace the namespace of the Lease; empty: no leader election
   * @param identity this replica's name in the Lease (the pod name)
   * @param healthPort 0: any free port
   * @param metricsPort 0: any free port
   * @param onLeaseLost what to do when this replica stops leading other than by {@link #close()}:
   *     {@code run} exits so that the kubelet restarts it as a standby (it must not go on
   *     reconciling next to the new leader)
   */
  public record Options(
      Set<String> namespaces,
      Duration resync,
      int reconcileThreads,
      Optional<String> leaseNamespace,
      String identity,
      int healthPort,
      int metricsPort,
      Platform platform,
      Runnable onLeaseLost) {

    /** A replica name that is unique even when two processes run on one host. */
    public static String defaultIdentity() {
      String pod = System.getenv("POD_NAME");
      return pod != null && !pod.isBlank() ? pod : "ams-operator-" + UUID.randomUUID();
    }
  }

  private final AmsOperator operator;
  private final PrometheusMeterRegistry registry;
  private final HttpServer health;
  private final HttpServer metrics;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * 1 while this replica leads (its controllers reconcile), 0 while it waits on the Lease: the
   * chart's AmsOperatorNoLeader alert fires when every replica reports 0.
   */
  private final AtomicInteger leading = new AtomicInteger();

  private final boolean leaderElection;

  public OperatorProcess(KubernetesClient client, Options options) throws IOException {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new InstanceTimers());
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("ams.operator.leader", leading, AtomicInteger::get)
        .description("1 while this replica leads and reconciles, 0 while it waits on the Lease")
        .register(registry);
    var settings =
        AmsOperator.Settings.builder()
            .namespaces(options.namespaces())
            .resyncInterval(options.resync())
            .reconcileThreads(options.reconcileThreads())
            .releaseGauges(ReleaseGauges.micrometer(registry))
            .platform(options.platform())
            .metrics(
                MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                    .build());
    leaderElection = options.leaseNamespace().isPresent();
    if (leaderElection) {
      settings.leaderElection(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(AmsOperator.LEASE_NAME)
              .withLeaseNamespace(options.leaseNamespace().get())
              .withIdentity(options.identity())
              // JOSDK's exit would also run on a graceful stop, inside the shutdown hook
              // (where System.exit blocks forever); the callback below tells the two apart.
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(
                  new LeaderCallbacks(
                      () -> {
                        leading.set(1);
                        log.info("{} leads", options.identity());
                      },
                      () -> {
                        leading.set(0);
                        if (!stopping.get()) {
                          log.error("{} lost the lease", options.identity());
                          options.onLeaseLost().run();
                        }
                      },
                      leader -> log.info("leader: {}", leader)))
              .build());
    }
    operator = new AmsOperator(client, settings.build());
    health = server(options.healthPort());
    health.createContext("/healthz", x -> respond(x, stopping.get() ? 503 : 200, "ok\n"));
    health.createContext(
        "/readyz",
        x -> {
          boolean ready = started.get() && !stopping.get();
          respond(x, ready ? 200 : 503, ready ? "ready\n" : "not ready\n");
        });
    metrics = server(options.metricsPort());
    metrics.createContext(
        "/metrics",
        x -> {
          x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          respond(x, 200, registry.scrape());
        });
  }

  private static HttpServer server(int port) throws IOException {
    var server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r, "ams-http-" + port)));
    return server;
  }

  private static Thread daemon(Runnable r, String name) {
    var t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Serves the probes, then starts the operator. With leader election a standby is ready too: it
   * has started and waits on the Lease, and the Service must not drop it.
   */
  public void start() {
    health.start();
    metrics.start();
    operator.start();
    if (!leaderElection) {
      // The only replica: its controllers run from here on.
      leading.set(1);
    }
    started.set(true);
    log.info("operator started; health on :{}, metrics on :{}", healthPort(), metricsPort());
  }

  public int healthPort() {
    return health.getAddress().getPort();
  }

  public int metricsPort() {
    return metrics.getAddress().getPort();
  }

  /** Not ready first (no new traffic), then the controllers stop, then the endpoints. */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    try {
      operator.close();
    } finally {
      health.stop(0);
      metrics.stop(0);
      registry.close();
    }
  }
}
