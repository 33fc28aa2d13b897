package com.suresoft.ams.operator.bench;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.cli.AmsOperatorCli;
import com.suresoft.ams.operator.controller.AmsOperator;
import com.suresoft.ams.operator.it.ReconcileCounter;
import com.suresoft.ams.operator.it.chaos.Scenario;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecureRandomSecretValues;
import com.suresoft.ams.operator.model.ServedVersions;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.JobRequest;
import com.suresoft.ams.operator.model.rollout.ReleaseJobs;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.release.Action;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.status.WorkloadReadiness;
import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How fast and how frugally the operator builds a fleet, against the in-process API server (the
 * test double) and the controller simulator, compared with a floor: the same objects, rendered by
 * the same pure builders, applied straight with a client into a fresh server of the same kind in
 * the same JVM. The ratio to the floor is what the operator adds (ordering, reads, status, its own
 * CPU); both sides pay the double's and the simulator's costs.
 *
 * <p>Not a test: it asserts nothing and takes minutes. Run it with {@code mvn -B -pl operator/core
 * -am -Pbenchmark -DskipTests integration-test} (sizes: {@code -Dbenchmark.sizes=50,200,500}; with
 * {@code -Dbenchmark.jvmArgs="-Xms4g -Xmx4g -XX:+AlwaysPreTouch -Dbenchmark.requests=true"} it also
 * prints the requests by actor and kind and the CPU by thread group); see BENCHMARKS.md for the
 * figures and what they led to.
 *
 * <p>Promote-to-cutover ({@link #promoteToCutover}): on the converged fleet, blue-green releases
 * promoted at once, timed until each web Service selects the candidate slot.
 *
 * <p>As users run it (#19): {@code -Dbenchmark.fleet=production} builds every instance from
 * samples/production.yaml, and {@code -Dbenchmark.operator=process} runs the packaged jar's {@code
 * run} as a process of its own with the chart's JVM ({@link ProcessConvergence}), which adds its
 * own CPU, heap after GC, peak RSS and GC share to the table. The floor is the same in every mode.
 */
public final class ConvergenceBenchmark {
  static final String OPERATOR = "ams-operator";
  static final String USER = "kubectl";

  /**
   * {@code -Dbenchmark.fleet}: {@code mixed} (the default), the four tiers' samples in turn; or
   * {@code production}, every instance from samples/production.yaml, as #19's figures were taken.
   */
  static final String FLEET = System.getProperty("benchmark.fleet", "mixed");

  /**
   * {@code -Dbenchmark.operator}: {@code in-process} (the default), the operator as {@code run}
   * wires it, in the benchmark's JVM; or {@code process}, the shipped jar's {@code run} as a
   * process of its own with the chart's JVM ({@link ProcessConvergence}).
   */
  static final String MODE = System.getProperty("benchmark.operator", "in-process");

  /** Threads applying the floor's objects: enough to keep the server's event loop busy. */
  private static final int FLOOR_THREADS = 16;

  /**
   * {@code -Dbenchmark.timeout} (an ISO-8601 duration): how long any one wait may take. 15 minutes
   * by default; 1,000 instances need longer.
   */
  private static final Duration CONVERGENCE_TIMEOUT =
      Duration.parse(System.getProperty("benchmark.timeout", "PT15M"));

  /** What one fleet size measured. */
  record Measurement(
      int instances,
      Duration operator,
      Duration floor,
      Duration floorServerCpu,
      Duration floorProcessCpu,
      long reconciles,
      long reads,
      long watches,
      long writes,
      long resyncReconciles,
      long resyncWrites,
      Duration startToFirstReconcile,
      Duration fullResync,
      long operatorHeapBytes,
      Duration serverCpu,
      Duration processCpu,
      long simulatorReconciles,
      long floorSimulatorReconciles,
      Optional<Duration> promoteToCutover,
      Optional<ProcessFigures> process) {

    double ratio() {
      return (double) operator.toNanos() / floor.toNanos();
    }

    /** The same ratio for the process's CPU time, which the machine's drift moves less. */
    double cpuRatio() {
      return (double) processCpu.toNanos() / floorProcessCpu.toNanos();
    }

    /**
     * The least ratio this operator run's CPU allows on this machine: both processes' CPU spread
     * over every processor, against the floor. When the run kept every processor busy, its wall
     * time is this bound, and only less CPU (in either process) makes it shorter.
     */
    double ratioAtFullProcessors() {
      return processCpu.toNanos() / (double) PROCESSORS / floor.toNanos();
    }

    /**
     * What the run's CPU says of it, a line (process mode: the operator's process apart from the
     * benchmark's JVM): how many processors each run kept busy, the ratio that CPU allows at best,
     * and the most CPU the operator's process could have used for a ratio of {@code 1.2} had the
     * benchmark's JVM used what it did.
     */
    String processors() {
      String line =
          String.format(
              "processors busy: operator run %.2f of %d, floor %.2f; the operator run's CPU (%.1f s)"
                  + " on every processor takes %.1f s at least: ratio >= %.2f",
              processCpu.toNanos() / (double) operator.toNanos(),
              PROCESSORS,
              floorProcessCpu.toNanos() / (double) floor.toNanos(),
              processCpu.toNanos() / 1e9,
              processCpu.toNanos() / 1e9 / PROCESSORS,
              ratioAtFullProcessors());
      return process
          .map(
              p -> {
                double operatorCpu = p.operatorCpu().toNanos() / 1e9;
                double benchmarkJvm = processCpu.toNanos() / 1e9 - operatorCpu;
                return line
                    + String.format(
                        "; benchmark JVM %.1f s, operator %.1f s: for a ratio of 1.2 the operator"
                            + " could use %.1f s",
                        benchmarkJvm,
                        operatorCpu,
                        1.2 * floor.toNanos() / 1e9 * PROCESSORS - benchmarkJvm);
              })
          .orElse(line);
    }
  }

  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

  /**
   * What only an operator process of its own tells: its own CPU time (the operator run's process
   * CPU is then both processes'), heap used after a full GC once converged, peak resident set, and
   * the share of the run's wall time its collector took, and a full resync of the converged fleet
   * in the running operator.
   */
  record ProcessFigures(
      Duration operatorCpu,
      long heapAfterGcBytes,
      long peakRssBytes,
      double gcShare,
      SteadyResync steadyResync) {}

  /** Every instance of a converged fleet reconciled once more: how long, and what it wrote. */
  record SteadyResync(Duration wall, long writes) {}

  private ConvergenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    // The benchmark's clients (the user's, the simulator's, the floor's) complete their responses
    // as the operator does since session 14, not on a thread each: the floor is the least a client
    // needs, so it must not pay a thread per response either.
    AmsOperatorCli.sizeCommonPool();
    List<Integer> sizes =
        Arrays.stream(System.getProperty("benchmark.sizes", "50,200,500").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    // The first fleet pays for class loading and the JIT; it is not reported. It is as large as a
    // measured one: after a fleet of 20, the first run of 200 still spent about 40 % more process
    // CPU than the same run repeated right after it (the JIT compiling the operator's paths), while
    // the floor, which runs second, got the code they share already compiled.
    int warmUp = Integer.getInteger("benchmark.warmUp", 200);
    System.out.println(
        "fleet: "
            + FLEET
            + ", operator: "
            + MODE
            + (processMode()
                ? " "
                    + String.join(" ", OperatorJarProcess.POD_JVM_FLAGS)
                    + " "
                    + System.getProperty("benchmark.operatorJvmFlags", "").replace(',', ' ')
                    + "; "
                    + OperatorJarProcess.schedulingNote()
                : ""));
    if (warmUp > 0) {
      System.out.println("warm-up with " + warmUp + " instances");
      measure(warmUp);
    }
    // This machine's speed drifts by a quarter from one run to the next, for the operator run and
    // the floor alike: each size is measured several times, each time the operator run and then its
    // floor, and the median of the ratios is the figure.
    int repeats = Integer.getInteger("benchmark.repeats", 3);
    var results = new ArrayList<Measurement>();
    for (int size : sizes) {
      for (int run = 1; run <= repeats; run++) {
        System.out.println("measuring " + size + " instances, run " + run + " of " + repeats);
        var m = measure(size);
        results.add(m);
        System.out.println(row(m));
        System.out.println(m.processors());
      }
    }
    System.out.println();
    System.out.println(header(processMode()));
    results.forEach(m -> System.out.println(row(m)));
    System.out.println();
    System.out.println(
        "| instances | runs | median ratio | ratios | median CPU ratio | CPU ratios | median"
            + " ratio at full processors | ratios at full processors |");
    System.out.println("|---:|---:|---:|---|---:|---|---:|---|");
    for (int size : sizes) {
      var ratios = sorted(results, size, Measurement::ratio);
      var cpuRatios = sorted(results, size, Measurement::cpuRatio);
      var bounds = sorted(results, size, Measurement::ratioAtFullProcessors);
      System.out.printf(
          "| %d | %d | %.2f | %s | %.2f | %s | %.2f | %s |%n",
          size,
          ratios.size(),
          median(ratios),
          formatted(ratios),
          median(cpuRatios),
          formatted(cpuRatios),
          median(bounds),
          formatted(bounds));
    }
    System.exit(0);
  }

  private static List<Double> sorted(
      List<Measurement> results, int size, java.util.function.ToDoubleFunction<Measurement> f) {
    return results.stream()
        .filter(m -> m.instances() == size)
        .map(f::applyAsDouble)
        .sorted()
        .toList();
  }

  private static List<String> formatted(List<Double> ratios) {
    return ratios.stream().map(r -> String.format("%.2f", r)).toList();
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static boolean processMode() {
    return switch (MODE) {
      case "in-process" -> false;
      case "process" -> true;
      default ->
          throw new IllegalArgumentException(
              "-Dbenchmark.operator is in-process or process, not " + MODE);
    };
  }

  static Measurement measure(int size) throws Exception {
    var fleet = fleet(size);
    var operatorRun = processMode() ? ProcessConvergence.converge(fleet) : converge(fleet);
    var floor = floor(fleet);
    return new Measurement(
        size,
        operatorRun.wall,
        floor.wall,
        floor.serverCpu,
        floor.processCpu,
        operatorRun.reconciles,
        operatorRun.reads,
        operatorRun.watches,
        operatorRun.writes,
        operatorRun.resyncReconciles,
        operatorRun.resyncWrites,
        operatorRun.startToFirstReconcile,
        operatorRun.fullResync,
        operatorRun.heapBytes,
        operatorRun.serverCpu,
        operatorRun.processCpu,
        operatorRun.simulatorReconciles,
        floor.simulatorReconciles,
        operatorRun.promoteToCutover,
        operatorRun.process);
  }

  /**
   * One instance per namespace, all named {@code ams}: the four tiers in turn, or with {@code
   * -Dbenchmark.fleet=production} all Production. With {@code -Dbenchmark.fleet=distinct}, all
   * Production as different teams would write them: each instance with a name, a host and a TLS
   * Secret of its own and one of ten versions, so that their objects' names, labels, selectors and
   * images differ (what the operator's cache shares between instances is then only what is really
   * the same).
   */
  static List<AmsInstance> fleet(int size) {
    var samples =
        switch (FLEET) {
          case "mixed" -> TestInstances.TIERS;
          case "production", "distinct" -> List.of("production");
          default ->
              throw new IllegalArgumentException(
                  "-Dbenchmark.fleet is mixed, production or distinct, not " + FLEET);
        };
    var fleet = TestInstances.fleet("bench", size, samples);
    for (int i = 0; i < fleet.size(); i++) {
      var instance = fleet.get(i);
      instance.getMetadata().setNamespace(instance.getMetadata().getName());
      if (FLEET.equals("distinct")) {
        String name = "team" + i;
        instance.getMetadata().setName(name);
        instance.getSpec().getIngress().setHost(name + ".example.com");
        instance.getSpec().getIngress().getTls().setSecretName(name + "-tls");
        instance.getSpec().setVersion("1.0." + (i % 10));
      } else {
        instance.getMetadata().setName("ams");
      }
    }
    return fleet;
  }

  static final class OperatorRun {
    Duration wall;
    long reconciles;
    long reads;
    long watches;
    long writes;
    long resyncReconciles;
    long resyncWrites;
    Duration startToFirstReconcile;
    Duration fullResync;
    long heapBytes;
    Duration serverCpu;
    Duration processCpu;
    long simulatorReconciles;
    Optional<Duration> promoteToCutover = Optional.empty();
    Optional<ProcessFigures> process = Optional.empty();

    /** Counts the operator's reads, watches and writes among {@code requests}. */
    void countOperatorRequests(List<ApiRequest> requests) {
      for (ApiRequest r : requests) {
        if (r.actor().equals(OPERATOR)) {
          if (r.isWrite()) {
            writes++;
          } else if (r.isWatch()) {
            watches++;
          } else {
            reads++;
          }
        }
      }
    }
  }

  /**
   * Creates the fleet and waits until every instance is Ready; then measures the operator's heap,
   * and restarts it to measure start-up and a full re-reconcile of the converged fleet.
   */
  static OperatorRun converge(List<AmsInstance> fleet) throws Exception {
    var run = new OperatorRun();
    try (var server = EmbeddedApiServer.start();
        var simulator = ControllerSimulator.start(server);
        var user = server.client(USER)) {
      retainEveryRequest(server, fleet.size());
      server.installCrd(AmsInstanceCrd.fromClasspath().definition());
      var counter = new ReconcileCounter();
      // run's default unless -Dbenchmark.reconcileThreads=N (to compare settings).
      var settings =
          AmsOperator.Settings.builder()
              .metrics(counter)
              .reconcileThreads(
                  Integer.getInteger(
                      "benchmark.reconcileThreads", AmsOperator.DEFAULT_RECONCILE_THREADS))
              .build();
      var operatorClient = server.client(OPERATOR);
      var operator = new AmsOperator(operatorClient, settings);
      operator.start();
      try (SharedIndexInformer<AmsInstance> instances =
          user.resources(AmsInstance.class).inAnyNamespace().inform()) {
        collectGarbageOfEarlierRuns();
        long mark = server.requestLog().mark();
        long simulated0 = simulator.reconciliations();
        var threadCpu0 = threadCpu();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (var instance : fleet) {
          user.resource(TestInstances.copy(instance)).create();
        }
        await(() -> readyCount(instances) == fleet.size(), "every instance Ready");
        run.wall = Duration.ofNanos(System.nanoTime() - t0);
        run.serverCpu = Duration.ofNanos(serverCpuNanos(threadCpu0));
        run.processCpu = Duration.ofNanos(processCpuNanos() - cpu0);
        run.simulatorReconciles = simulator.reconciliations() - simulated0;
        run.reconciles = counter.finished();
        run.countOperatorRequests(server.requestLog().since(mark));
        awaitQuiet(server);
        if (Boolean.getBoolean("benchmark.requests")) {
          printRequests("operator run", server.requestLog().since(mark));
          printThreadCpu(threadCpu0);
        }

        long withOperator = heapAfterGc();
        operator.close();
        operatorClient.close();
        run.heapBytes = withOperator - heapAfterGc();

        // A new operator finds a converged fleet: what it costs to start and to re-reconcile
        // everything (a resync), and the writes that would cost (the goal is none).
        var restartCounter = new ReconcileCounter();
        var restartClient = server.client(OPERATOR);
        long restartMark = server.requestLog().mark();
        long t1 = System.nanoTime();
        var restarted =
            new AmsOperator(restartClient, settings.toBuilder().metrics(restartCounter).build());
        restarted.start();
        await(() -> restartCounter.finished() >= fleet.size(), "a full re-reconcile");
        run.fullResync = Duration.ofNanos(System.nanoTime() - t1);
        run.startToFirstReconcile = Duration.ofNanos(restartCounter.firstFinishedNanos() - t1);
        awaitQuiet(server);
        run.resyncReconciles = restartCounter.finished();
        run.resyncWrites = server.requestLog().writesSince(restartMark, OPERATOR::equals).size();
        run.promoteToCutover = Optional.of(promoteToCutover(user, instances, fleet));
        restarted.close();
        restartClient.close();
      }
    }
    return run;
  }

  /**
   * The floor: the fleet's objects ({@link #floorObjects}) applied with server-side apply from
   * {@value #FLOOR_THREADS} threads, until the simulator has made every workload ready.
   */
  record Floor(Duration wall, Duration serverCpu, Duration processCpu, long simulatorReconciles) {}

  /**
   * What the operator creates for {@code fleet} on the benchmark's server, rendered by its own
   * builders ({@link Stack}, what {@code render} prints) before the clock starts: the cluster as
   * the operator finds it there, where no other operator's CRD is installed. So no ServiceMonitor,
   * PrometheusRule or Certificate, and the data tier's TLS Secrets the operator issues in
   * cert-manager's place, their keys made here (until session 19 the floor was rendered as {@code
   * render} sees a cluster, with cert-manager, and left those five Secrets an instance out). {@code
   * FloorObjectsTest} holds this to what the operator writes.
   */
  static List<HasMetadata> floorObjects(List<AmsInstance> fleet) {
    var keys = new EcKeyPairs(new SecureRandom());
    var objects = new ArrayList<HasMetadata>();
    for (var instance : fleet) {
      var model = InstanceModel.of(instance);
      objects.addAll(
          Stack.objects(
              model,
              ReleasePlanner.steady(model, Slot.blue),
              Map.of(),
              new SecureRandomSecretValues(),
              new Stack.Cluster(ServedVersions.none(), List.of(), Map.of(), Instant.now(), keys)));
      // The operator's first install also runs the version's migration Job.
      String version = model.spec().getVersion();
      objects.add(
          ReleaseJobs.desired(
              model,
              new JobRequest(
                  JobRequest.Kind.MIGRATION,
                  model.names().migrationJob(version),
                  version,
                  "floor",
                  false)));
    }
    return objects;
  }

  static Floor floor(List<AmsInstance> fleet) throws Exception {
    var objects = floorObjects(fleet);
    ExecutorService pool = Executors.newFixedThreadPool(FLOOR_THREADS);
    try (var server = EmbeddedApiServer.start();
        var simulator = ControllerSimulator.start(server);
        var client = server.client("floor");
        SharedIndexInformer<Deployment> deployments =
            client.apps().deployments().inAnyNamespace().inform();
        SharedIndexInformer<StatefulSet> statefulSets =
            client.apps().statefulSets().inAnyNamespace().inform();
        SharedIndexInformer<Job> jobs = client.batch().v1().jobs().inAnyNamespace().inform()) {
      retainEveryRequest(server, fleet.size());
      long workloads =
          objects.stream()
              .filter(o -> o instanceof Deployment || o instanceof StatefulSet || o instanceof Job)
              .count();
      collectGarbageOfEarlierRuns();
      long simulated0 = simulator.reconciliations();
      var threadCpu0 = threadCpu();
      long cpu0 = processCpuNanos();
      var timeline = RunTimeline.startIfAsked(simulator, null);
      long t0 = System.nanoTime();
      var applied = new ArrayList<Future<?>>();
      for (var o : objects) {
        applied.add(pool.submit(() -> apply(client, o)));
      }
      for (var f : applied) {
        f.get();
      }
      Supplier<List<HasMetadata>> unready =
          () -> {
            var waiting = new ArrayList<HasMetadata>();
            deployments.getStore().list().stream()
                .filter(d -> !WorkloadReadiness.of(d).isReady())
                .forEach(waiting::add);
            statefulSets.getStore().list().stream()
                .filter(s -> !WorkloadReadiness.of(s).isReady())
                .forEach(waiting::add);
            jobs.getStore().list().stream()
                .filter(
                    j ->
                        j.getStatus() == null
                            || j.getStatus().getSucceeded() == null
                            || j.getStatus().getSucceeded() == 0)
                .forEach(waiting::add);
            return waiting;
          };
      try {
        await(
            () ->
                deployments.getStore().list().size()
                            + statefulSets.getStore().list().size()
                            + jobs.getStore().list().size()
                        == workloads
                    && unready.get().isEmpty(),
            "every floor workload ready");
      } catch (TimeoutException e) {
        // Say which, with their status: a floor that never converges is a bug of the double.
        unready.get().forEach(o -> System.out.println("not ready: " + Serialization.asYaml(o)));
        throw e;
      }
      var wall = Duration.ofNanos(System.nanoTime() - t0);
      timeline.close();
      if (Boolean.getBoolean("benchmark.requests")) {
        printRequests("floor", server.requestLog().requests());
      }
      return new Floor(
          wall,
          Duration.ofNanos(serverCpuNanos(threadCpu0)),
          Duration.ofNanos(processCpuNanos() - cpu0),
          simulator.reconciliations() - simulated0);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void apply(KubernetesClient client, HasMetadata object) {
    client.resource(object).fieldManager("floor").forceConflicts().serverSideApply();
  }

  /**
   * Promote-to-cutover latency: from the promote annotation on a blue-green release at Paused to
   * the Services selecting the new slot. Empty until the reconciler runs releases; then: converge
   * the fleet, change {@code spec.version} on every instance, wait for Paused, annotate each with a
   * promote token, and take the time until every {@code <name>-web-service} selects the candidate
   * slot (as a {@link Scenario} of steps, the same the chaos tests use).
   */
  /** How many instances of the fleet the promote-to-cutover figure releases. */
  private static final int RELEASED = 20;

  /**
   * Promote-to-cutover: up to {@value #RELEASED} instances of the converged fleet start a
   * blue-green release to 1.1.0; once every one shows its preview (release phase Paused), all are
   * promoted at once and the clock runs until each one's {@code ams-web-service} selects the
   * candidate slot. Returns the slowest instance's latency (the median is printed too).
   */
  static Duration promoteToCutover(
      KubernetesClient user, SharedIndexInformer<AmsInstance> instances, List<AmsInstance> fleet)
      throws Exception {
    var released = fleet.subList(0, Math.min(RELEASED, fleet.size()));
    for (var i : released) {
      user.resources(AmsInstance.class)
          .inNamespace(i.getMetadata().getNamespace())
          .withName("ams")
          .edit(
              live -> {
                live.getSpec().setVersion("1.1.0");
                if (live.getSpec().getRelease() == null) {
                  live.getSpec()
                      .setRelease(new com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec());
                }
                live.getSpec().getRelease().setStrategy(ReleaseStrategy.BlueGreen);
                return live;
              });
    }
    await(
        () ->
            released.stream()
                .allMatch(
                    i -> {
                      var live =
                          instances.getStore().getByKey(i.getMetadata().getNamespace() + "/ams");
                      return live != null
                          && live.getStatus() != null
                          && live.getStatus().getRelease() != null
                          && live.getStatus().getRelease().getPhase() == ReleasePhase.Paused;
                    }),
        "every released instance in its preview");
    long t0 = System.nanoTime();
    for (var i : released) {
      user.resources(AmsInstance.class)
          .inNamespace(i.getMetadata().getNamespace())
          .withName("ams")
          .edit(
              live -> {
                live.getMetadata().getAnnotations().put(Action.PROMOTE.annotation(), "bench");
                return live;
              });
    }
    var latencies = new ArrayList<Long>();
    var pending = new ArrayList<>(released);
    long deadline = t0 + CONVERGENCE_TIMEOUT.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (var it = pending.iterator(); it.hasNext(); ) {
        var i = it.next();
        var service =
            user.services()
                .inNamespace(i.getMetadata().getNamespace())
                .withName("ams-web-service")
                .get();
        if ("green".equals(service.getSpec().getSelector().get(Labels.SLOT))) {
          latencies.add(System.nanoTime() - t0);
          it.remove();
        }
      }
      Thread.sleep(5);
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException(pending.size() + " instances never cut over");
    }
    latencies.sort(Long::compare);
    System.out.printf(
        "promote to cutover of %d instances: median %d ms, slowest %d ms%n",
        latencies.size(),
        latencies.get(latencies.size() / 2) / 1_000_000,
        latencies.get(latencies.size() - 1) / 1_000_000);
    return Duration.ofNanos(latencies.get(latencies.size() - 1));
  }

  /** With -Dbenchmark.requests=true: the requests of a run by actor, method and kind. */
  static void printRequests(String run, List<ApiRequest> requests) {
    var counts = new java.util.TreeMap<String, Integer>();
    for (var r : requests) {
      String kind = r.isWatch() ? "WATCH" : r.method();
      counts.merge(r.actor() + " " + kind + " " + r.resource(), 1, Integer::sum);
    }
    System.out.println("requests in the " + run + ":");
    counts.forEach((k, v) -> System.out.println("  " + v + " " + k));
  }

  /** CPU nanoseconds of each live thread, by id. */
  static Map<Long, Long> threadCpu() {
    var threads = ManagementFactory.getThreadMXBean();
    var cpu = new java.util.HashMap<Long, Long>();
    for (long id : threads.getAllThreadIds()) {
      cpu.put(id, threads.getThreadCpuTime(id));
    }
    return cpu;
  }

  /** CPU since {@code before} by thread name with the digits left out (pools grouped). */
  static void printThreadCpu(Map<Long, Long> before) {
    var threads = ManagementFactory.getThreadMXBean();
    var byGroup = new java.util.TreeMap<String, Long>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        long delta = cpu - before.getOrDefault(info.getThreadId(), 0L);
        byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "N"), delta, Long::sum);
      }
    }
    System.out.println("CPU by thread group (ms):");
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(15)
        .forEach(e -> System.out.println("  " + e.getValue() / 1_000_000 + " " + e.getKey()));
  }

  static long readyCount(SharedIndexInformer<AmsInstance> instances) {
    return instances.getStore().list().stream()
        .filter(i -> Scenario.isSettled(i, Phase.Ready))
        .count();
  }

  /**
   * The request log keeps every request of a run of {@code instances}, so that its counts are whole
   * (a run of 1,000 Production instances makes some 300,000 requests; the log refuses a count once
   * requests after its mark were evicted).
   */
  static void retainEveryRequest(EmbeddedApiServer server, int instances) {
    server.requestLog().capacity(Math.max(100_000, instances * 2_000));
  }

  /** Until the operator has written nothing for a second. */
  static void awaitQuiet(EmbeddedApiServer server) throws Exception {
    while (true) {
      long mark = server.requestLog().mark();
      Thread.sleep(1000);
      if (server.requestLog().writesSince(mark, OPERATOR::equals).isEmpty()) {
        return;
      }
    }
  }

  static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(what + " after " + CONVERGENCE_TIMEOUT);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Each timed phase starts on a collected heap. Without it, a phase paid for collecting what the
   * phases before it left (closed servers, caches): the same 200-instance run took 60 s right after
   * the 200-instance warm-up and 41 s after a 50-instance run.
   */
  static void collectGarbageOfEarlierRuns() throws InterruptedException {
    heapAfterGc();
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU since {@code before} of the API server double's event loop, where it handles every request.
   * (The stock mock's per-watch threads that send watch events share the name pattern of JOSDK's
   * workflow threads, so they are not counted.)
   */
  /** The names of the server's threads (MockWebServer's Vert.x event loops) begin so. */
  static final String SERVER_THREADS = "vert.x-eventloop";

  static long serverCpuNanos(Map<Long, Long> before) {
    var threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(SERVER_THREADS)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu - before.getOrDefault(info.getThreadId(), 0L));
      }
    }
    return total;
  }

  static String header(boolean process) {
    return "| instances | operator | floor | ratio | per instance | reconciles | reads/reconcile | writes/reconcile | watches | resync writes/instance | start to first reconcile | full resync | heap/instance | server CPU (floor) | process CPU (floor) | CPU ratio | simulator reconciles (floor) | promote to cutover |"
        + (process
            ? " writes/instance | operator process CPU | heap after GC | peak RSS | GC share | steady resync | steady resync writes |"
            : "")
        + "\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
        + (process ? "---:|---:|---:|---:|---:|---:|---:|" : "");
  }

  static String row(Measurement m) {
    return String.format(
            "| %d | %.1f s | %.1f s | %.2f | %.0f ms | %d | %.2f | %.2f | %d | %.2f | %d ms | %.1f s | %.0f KiB | %.1f s (%.1f s) | %.1f s (%.1f s) | %.2f | %d (%d) | %s |",
            m.instances(),
            seconds(m.operator()),
            seconds(m.floor()),
            m.ratio(),
            m.operator().toMillis() / (double) m.instances(),
            m.reconciles(),
            m.reads() / (double) m.reconciles(),
            m.writes() / (double) m.reconciles(),
            m.watches(),
            m.resyncWrites() / (double) m.instances(),
            m.startToFirstReconcile().toMillis(),
            seconds(m.fullResync()),
            m.operatorHeapBytes() / 1024.0 / m.instances(),
            seconds(m.serverCpu()),
            seconds(m.floorServerCpu()),
            seconds(m.processCpu()),
            seconds(m.floorProcessCpu()),
            m.cpuRatio(),
            m.simulatorReconciles(),
            m.floorSimulatorReconciles(),
            m.promoteToCutover().map(d -> d.toMillis() + " ms").orElse("n/a"))
        + m.process().map(p -> processColumns(m, p)).orElse("");
  }

  private static String processColumns(Measurement m, ProcessFigures p) {
    return String.format(
        " %.1f | %.1f s | %.0f MiB | %.0f MiB | %.1f %% | %.1f s | %d |",
        m.writes() / (double) m.instances(),
        seconds(p.operatorCpu()),
        p.heapAfterGcBytes() / 1024.0 / 1024,
        p.peakRssBytes() / 1024.0 / 1024,
        100 * p.gcShare(),
        seconds(p.steadyResync().wall()),
        p.steadyResync().writes());
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
