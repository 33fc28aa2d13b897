package com.suresoft.ams.operator.bench;

import com.suresoft.ams.testkit.ControllerSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the simulator did, second by second, in a run: how many objects it reconciled, how many
 * waited in its queue, and how its one thread and the server's event loop spent the time, on a
 * processor or waiting for one (the kernel's {@code /proc/self/task/<tid>/schedstat}); with the
 * operator process's CPU beside it. It tells a simulator starved of processors, or waiting on a
 * starved server, from one with nothing to do. A profile, not a measurement.
 */
final class RunTimeline implements AutoCloseable {

  /** The worker's thread name as the kernel keeps it (15 characters). */
  private static final String SIMULATOR_COMM = ControllerSimulator.ACTOR.substring(0, 15);

  private static final Duration EVERY = Duration.ofSeconds(2);

  /** The server's threads, as the kernel names them (15 characters). */
  private static final String SERVER_COMM = ConvergenceBenchmark.SERVER_THREADS.substring(0, 15);

  record Sample(
      long atMillis,
      long reconciles,
      int backlog,
      long simulatorOnCpuNanos,
      long simulatorWaitingNanos,
      Map<Path, long[]> serverThreads,
      long operatorCpuNanos) {}

  private final ControllerSimulator simulator;
  private final Callable<Duration> operatorCpu;

  /** Found at the first sample after the worker started (its executor starts it lazily). */
  private Path simulatorTask;

  private final long t0 = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "run-timeline");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * A timeline sampling from now when {@code -Dbenchmark.timeline=true}, else one that prints
   * nothing; {@code operatorCpu} is null when the operator is not a process of its own.
   */
  static RunTimeline startIfAsked(ControllerSimulator simulator, Callable<Duration> operatorCpu) {
    return new RunTimeline(
        Boolean.getBoolean("benchmark.timeline") ? simulator : null, operatorCpu);
  }

  private RunTimeline(ControllerSimulator simulator, Callable<Duration> operatorCpu) {
    this.simulator = simulator;
    this.operatorCpu = operatorCpu;
    if (simulator == null) {
      sampler.shutdown();
      return;
    }
    sample();
    sampler.scheduleAtFixedRate(
        this::sample, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    if (simulatorTask == null) {
      simulatorTask = newestTask(SIMULATOR_COMM);
    }
    long[] sched = schedstat(simulatorTask);
    long operator;
    try {
      operator = operatorCpu == null ? 0 : operatorCpu.call().toNanos();
    } catch (Exception e) {
      operator = 0;
    }
    samples.add(
        new Sample(
            (System.nanoTime() - t0) / 1_000_000,
            simulator.reconciliations(),
            simulator.backlog(),
            sched[0],
            sched[1],
            serverThreads(),
            operator));
  }

  /** Stops sampling and prints the timeline. */
  @Override
  public void close() {
    if (simulator == null) {
      return;
    }
    sampler.shutdownNow();
    sample();
    List<Sample> taken;
    synchronized (this) {
      taken = List.copyOf(samples);
    }
    System.out.printf(
        "%s, the simulator second by second (reconciles/s, backlog, its thread on a processor /"
            + " waiting for one; the server's event loop(s) on a processor / waiting; the operator"
            + " process's CPU in cores):%n",
        simulatorTask == null ? "no simulator thread found" : "timeline");
    for (int i = 1; i < taken.size(); i++) {
      var a = taken.get(i - 1);
      var b = taken.get(i);
      double seconds = Math.max(1, b.atMillis - a.atMillis) / 1000.0;
      long serverOn = 0;
      long serverWaiting = 0;
      for (var t : b.serverThreads.entrySet()) {
        long[] before = a.serverThreads.get(t.getKey());
        if (before != null) {
          serverOn += t.getValue()[0] - before[0];
          serverWaiting += t.getValue()[1] - before[1];
        }
      }
      System.out.printf(
          "  %6.1f s  %5.0f/s  backlog %5d  simulator %3.0f %% / %3.0f %%  server %3.0f %% / %3.0f"
              + " %%  operator %4.2f%n",
          b.atMillis / 1000.0,
          (b.reconciles - a.reconciles) / seconds,
          b.backlog,
          percent(b.simulatorOnCpuNanos - a.simulatorOnCpuNanos, seconds),
          percent(b.simulatorWaitingNanos - a.simulatorWaitingNanos, seconds),
          percent(serverOn, seconds),
          percent(serverWaiting, seconds),
          (b.operatorCpuNanos - a.operatorCpuNanos) / 1e9 / seconds);
    }
  }

  private static double percent(long nanos, double seconds) {
    return 100 * nanos / 1e9 / seconds;
  }

  /** The server's threads now, each with its time on a processor and waiting for one. */
  private static Map<Path, long[]> serverThreads() {
    var result = new HashMap<Path, long[]>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks
          .filter(t -> read(t.resolve("comm")).startsWith(SERVER_COMM))
          .forEach(t -> result.put(t, schedstat(t)));
    } catch (IOException e) {
      // none then
    }
    return result;
  }

  /** This process's newest thread of that kernel name (the live simulator's worker). */
  private static Path newestTask(String comm) {
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks
          .filter(t -> comm.equals(read(t.resolve("comm")).strip()))
          .max((x, y) -> Long.compare(tid(x), tid(y)))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static long tid(Path task) {
    return Long.parseLong(task.getFileName().toString());
  }

  /** Nanoseconds on a processor and waiting in the run queue; zeros when unreadable. */
  static long[] schedstat(Path task) {
    if (task == null) {
      return new long[2];
    }
    try {
      String[] f = Files.readString(task.resolve("schedstat")).strip().split("\\s+");
      return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    } catch (IOException | RuntimeException e) {
      return new long[2];
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return ""; // the thread ended meanwhile
    }
  }
}
