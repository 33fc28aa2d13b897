package com.suresoft.ams.operator.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The shipped operator jar's {@code run}, as a process of its own with the JVM the chart's pod
 * gives it, aimed at the benchmark's API server through a kubeconfig; and what the benchmark reads
 * about it from outside (CPU, peak resident set, heap, GC time, reconciliations).
 */
final class OperatorJarProcess implements AutoCloseable {

  /**
   * The pod's memory limit: the chart's default ({@code resources.limits.memory} in values.yaml,
   * kept equal by {@code PodStandInTest}), or {@code -Dbenchmark.podMemory} (a JVM size such as
   * {@code 1g}) to measure a larger pod.
   */
  static final String POD_MEMORY = System.getProperty("benchmark.podMemory", "1g");

  /**
   * The image's JVM flags ({@code -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1}, Jib's {@code
   * jvmFlags} in operator/core/pom.xml; {@code PodStandInTest} keeps them here) under the pod's
   * memory limit ({@link #POD_MEMORY}). In the pod the JVM reads the limit from its cgroup; here
   * {@code MaxRAM} stands in for it, so the heap is three quarters of it. It does not stand in for
   * the collector's choice: the JVM picks SerialGC when the machine is not "server class" (fewer
   * than 2 CPUs or less than 1792 MB of physical memory, which in a pod is the limit), and it
   * decides that on the machine's memory, not on {@code MaxRAM}; on this 24 GiB machine it would
   * pick G1. So the pod's SerialGC is explicit.
   */
  static final List<String> POD_JVM_FLAGS =
      List.of(
          "-XX:MaxRAM=" + POD_MEMORY,
          "-XX:MaxRAMPercentage=75",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC");

  /**
   * {@code run}'s flags as charts/ams-operator/templates/deployment.yaml passes them with
   * values.yaml's defaults (resync PT10M, 10 reconciliation threads, the platform's allow-lists),
   * except: leader election off (one process; its Lease renewals would be writes of their own, and
   * the chart allows it for one replica), every namespace watched (the fleet spans hundreds; the
   * chart's {@code rbac.mode: cluster}), and free ports instead of 8080/8081.
   */
  static List<String> runArguments(int healthPort, int metricsPort) {
    return List.of(
        "run",
        "--leader-election=false",
        "--health-port=" + healthPort,
        "--metrics-port=" + metricsPort,
        "--resync=PT10M",
        "--reconcile-threads=10",
        "--allowed-prometheus-urls=http://prometheus-operated.monitoring:9090",
        "--ingress-controller-namespaces=ingress-nginx",
        "--prometheus-namespaces=monitoring");
  }

  /**
   * Whether the process gets a scheduling group of its own: {@code -Dbenchmark.operatorSession=own}
   * (the default) or {@code shared}, as every run until session 18 had it.
   *
   * <p>On a cluster the operator never competes with the API server and the controllers thread by
   * thread: every pod is a cgroup that the kernel's scheduler weighs as one against the others, and
   * the API server is usually on another machine. A child of the benchmark's JVM would be weighed
   * thread by thread against the double's one event-loop thread and the simulator's one worker: in
   * a creation burst of 200 the operator's ten reconciliation threads, its client's and its
   * compiler's kept the event loop waiting for a processor 55 to 65 % of the time, and the
   * simulator, waiting on the server's answers, reconciled 30 to 50 objects a second against 300 in
   * the floor ({@code -Dbenchmark.timeline=true} shows it). Started in a session of its own ({@code
   * setsid}), the process is, with the kernel's autogroup scheduling, a group of its own weighed as
   * one against the benchmark's JVM: as two pods of the same CPU request would be.
   */
  static final boolean OWN_SCHEDULING_GROUP =
      !"shared".equals(System.getProperty("benchmark.operatorSession", "own"));

  /** Says when the kernel would not give a session a scheduling group of its own. */
  static String schedulingNote() {
    if (!OWN_SCHEDULING_GROUP) {
      return "the operator process shares the benchmark's scheduling group";
    }
    try {
      String enabled = Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled"));
      return "1".equals(enabled.strip())
          ? "the operator process in a scheduling group of its own (a session; autogroup on)"
          : "autogroup scheduling is off: the operator's threads compete with the server's one by"
              + " one (sysctl kernel.sched_autogroup_enabled=1 to measure as on a cluster)";
    } catch (IOException e) {
      return "no autogroup scheduling here: the operator's threads compete with the server's one"
          + " by one";
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static final long CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();

  private final Process process;
  private final Path log;
  private final int healthPort;
  private final int metricsPort;
  private final long startedNanos;

  private OperatorJarProcess(
      Process process, Path log, int healthPort, int metricsPort, long startedNanos) {
    this.process = process;
    this.log = log;
    this.healthPort = healthPort;
    this.metricsPort = metricsPort;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code java <pod flags> <extra flags> -jar jar run ...}, its output to {@code log}. The
   * extra flags are the profiling runs' (a flight recording); measured runs pass none.
   */
  static OperatorJarProcess start(Path jar, Path kubeconfig, Path log, List<String> extraJvmFlags)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no operator jar at " + jar + " (mvn package)");
    }
    int health = freePort();
    int metrics = freePort();
    var command = new ArrayList<String>();
    if (OWN_SCHEDULING_GROUP) {
      command.add("setsid");
    }
    command.add(jdkTool("java"));
    command.addAll(POD_JVM_FLAGS);
    command.addAll(extraJvmFlags);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(runArguments(health, metrics));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    var env = builder.environment();
    // Nothing of the benchmark's environment may reach the operator's JVM or its client: fabric8
    // lets KUBERNETES_* variables override the kubeconfig.
    env.keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.equals("JAVA_TOOL_OPTIONS"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("AMS_LOG_FORMAT", "text");
    env.put("POD_NAMESPACE", "ams-system");
    env.put("POD_NAME", "ams-operator-bench");
    long started = System.nanoTime();
    return new OperatorJarProcess(builder.start(), log, health, metrics, started);
  }

  long pid() {
    return process.pid();
  }

  /** {@link System#nanoTime()} when the process was started. */
  long startedNanos() {
    return startedNanos;
  }

  /** Throws when the process has ended, e.g. on an OutOfMemoryError, naming its log. */
  void assertAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the operator process ended with exit code " + process.exitValue() + "; see " + log);
    }
  }

  /** {@code /readyz} answers 200: the operator has started (its informers have listed). */
  boolean ready() {
    assertAlive();
    try {
      return get(healthPort, "/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Finished reconciliations so far, from the Prometheus endpoint; 0 before it serves. */
  long finishedReconciliations() throws InterruptedException {
    assertAlive();
    try {
      var response = get(metricsPort, "/metrics");
      return response.statusCode() == 200
          ? ProcessProbes.finishedReconciliations(response.body())
          : 0;
    } catch (IOException e) {
      // Not serving yet (the endpoint starts with the JVM's first seconds) or busy: ask again.
      return 0;
    }
  }

  /** User plus system CPU time of the process so far. */
  Duration cpu() throws IOException {
    return ticks(ProcessProbes.cpuTicks(Files.readString(Path.of("/proc", pid() + "", "stat"))));
  }

  /**
   * CPU time by thread group of the threads alive now, and of those that have ended ({@code "(ended
   * threads)"}: the process's total less the living threads').
   */
  Map<String, Duration> cpuByThreadGroup() throws IOException {
    var stats = new ArrayList<String>();
    try (var tasks = Files.list(Path.of("/proc", pid() + "", "task"))) {
      for (Path task : tasks.toList()) {
        try {
          stats.add(Files.readString(task.resolve("stat")));
        } catch (java.nio.file.NoSuchFileException ended) {
          // The thread ended while the list was read: its time is in the ended threads'.
        }
      }
    }
    long total = ProcessProbes.cpuTicks(Files.readString(Path.of("/proc", pid() + "", "stat")));
    var groups = new TreeMap<String, Duration>();
    long living = 0;
    for (var group : ProcessProbes.ticksByThreadGroup(stats).entrySet()) {
      living += group.getValue();
      groups.put(group.getKey(), ticks(group.getValue()));
    }
    groups.put("(ended threads)", ticks(total - living));
    return groups;
  }

  private static Duration ticks(long ticks) {
    return Duration.ofNanos(ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND);
  }

  /** The process's peak resident set so far (what a pod's memory limit is held against). */
  long peakRssBytes() throws IOException {
    return ProcessProbes.peakRssBytes(Files.readString(Path.of("/proc", pid() + "", "status")));
  }

  /** Heap used and GC time so far, without a collection. */
  ProcessProbes.GcSample gc() throws IOException, InterruptedException {
    return ProcessProbes.jstatGc(
        tool(jdkTool("jstat"), "-J-Duser.language=en", "-J-Duser.country=US", "-gc", pid() + ""));
  }

  /** The JVM's system properties as {@code jcmd VM.system_properties} prints them. */
  String systemProperties() throws IOException, InterruptedException {
    return tool(jdkTool("jcmd"), pid() + "", "VM.system_properties");
  }

  /** The bytes of the heap's live objects, counted after a full collection. */
  long liveHeapBytes() throws IOException, InterruptedException {
    return ProcessProbes.liveBytes(classHistogram());
  }

  /** The heap's objects by class, largest first ({@code jcmd GC.class_histogram}, after a GC). */
  String classHistogram() throws IOException, InterruptedException {
    return tool(jdkTool("jcmd"), pid() + "", "GC.class_histogram");
  }

  /** The heap's live objects, written to {@code file} ({@code jcmd GC.heap_dump}). */
  void heapDump(Path file) throws IOException, InterruptedException {
    tool(jdkTool("jcmd"), pid() + "", "GC.heap_dump", file.toString());
  }

  /**
   * The JVM's own memory by area, heap and off-heap ({@code jcmd VM.native_memory summary}); needs
   * {@code -XX:NativeMemoryTracking=summary} among the process's flags.
   */
  String nativeMemory() throws IOException, InterruptedException {
    return tool(jdkTool("jcmd"), pid() + "", "VM.native_memory", "summary");
  }

  /** SIGTERM, as the kubelet stops a pod: {@code run}'s shutdown hook stops the operator. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String tool(String... command) throws IOException, InterruptedException {
    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private static String jdkTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code getconf CLK_TCK}, the unit of /proc's CPU times; 100 on every Linux we know. */
  private static long clockTicksPerSecond() {
    try {
      return Long.parseLong(tool("getconf", "CLK_TCK").trim());
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
