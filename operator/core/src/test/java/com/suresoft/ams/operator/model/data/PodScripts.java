package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the data tier's pod scripts on this machine the way a pod runs them: the ConfigMap's files
 * in a directory, the container's env with Secret references resolved from a map, as an
 * unprivileged user (PostgreSQL, PgBouncer and a careful Redis refuse root). Only addresses, ports
 * and directories are overridden, explicitly, by each test.
 */
final class PodScripts implements AutoCloseable {
  /** The unprivileged user servers run as when the tests run as root. */
  static final String USER = "postgres";

  private final Path root;
  private final List<Process> started = new ArrayList<>();
  private final boolean asRoot;

  PodScripts() {
    try {
      asRoot = "root".equals(System.getProperty("user.name"));
      if (asRoot) {
        ensureUser();
      }
      // Under /tmp, not the build directory: the unprivileged user must reach it.
      root =
          Files.createTempDirectory(
              Path.of("/tmp"),
              "ams-data-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void ensureUser() throws IOException {
    if (run(List.of("id", "-u", USER), Map.of(), Duration.ofSeconds(10)).exit() != 0) {
      var created =
          run(
              List.of("useradd", "--system", "--no-create-home", USER),
              Map.of(),
              Duration.ofSeconds(30));
      assertThat(created.exit()).as("useradd " + USER + ": " + created.output()).isZero();
    }
  }

  /** A new directory owned by the unprivileged user. */
  Path dir(String name) {
    try {
      var dir = Files.createDirectories(root.resolve(name));
      chown(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes ConfigMap data into a new directory, as the volume mount would. */
  Path configDir(String name, Map<String, String> files) {
    var dir = dir(name);
    try {
      for (var file : files.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
      chown(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void chown(Path path) throws IOException {
    if (asRoot) {
      var r = run(List.of("chown", "-R", USER, path.toString()), Map.of(), Duration.ofSeconds(10));
      assertThat(r.exit()).as(r.output()).isZero();
    }
  }

  /**
   * The container's env as the kubelet would give it: values, Secret references looked up in {@code
   * secret}, {@code metadata.name} from {@code podName}; then {@code overrides}.
   */
  static Map<String, String> env(
      List<EnvVar> env, Map<String, String> secret, String podName, Map<String, String> overrides) {
    var result = new LinkedHashMap<String, String>();
    for (var e : env) {
      if (e.getValue() != null) {
        result.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        String key = e.getValueFrom().getSecretKeyRef().getKey();
        assertThat(secret).as("the Secret has key " + key).containsKey(key);
        result.put(e.getName(), secret.get(key));
      } else if ("metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath())) {
        result.put(e.getName(), podName);
      }
    }
    for (var o : overrides.entrySet()) {
      assertThat(result).as("overriding a variable the pod has").containsKey(o.getKey());
      result.put(o.getKey(), o.getValue());
    }
    return result;
  }

  /** Starts {@code sh script} as the unprivileged user with exactly {@code env} (plus PATH). */
  Process start(Path script, Map<String, String> env, Path log) {
    var command = new ArrayList<String>();
    if (asRoot) {
      command.addAll(List.of("runuser", "-u", USER, "--"));
    }
    command.addAll(List.of("sh", script.toString()));
    var pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", path());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      var p = pb.start();
      started.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a script to its end, as {@link #start}; returns its exit code and output. */
  Result runScript(Path script, Map<String, String> env, Duration timeout) {
    var log = root.resolve("script-" + System.nanoTime() + ".log");
    var p = start(script, env, log);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(script + " did not finish in " + timeout);
      }
      return new Result(p.exitValue(), Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String path() {
    return String.join(
        ":",
        "/usr/lib/postgresql/15/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin");
  }

  record Result(int exit, String output) {}

  /**
   * Runs a client command as the OS user the servers run as (what {@code kubectl exec} into the
   * server's container gets): the unprivileged user when the tests run as root, else the current
   * user.
   */
  Result runAsServerUser(List<String> command, Map<String, String> env, Duration timeout) {
    return asRoot ? runAs(USER, command, env, timeout) : run(command, env, timeout);
  }

  /** Whether {@link #runAs} can take another user's identity (the tests run as root). */
  boolean canSwitchUsers() {
    return asRoot;
  }

  /** Runs a client command as OS user {@code user}; only when {@link #canSwitchUsers}. */
  Result runAs(String user, List<String> command, Map<String, String> env, Duration timeout) {
    assertThat(asRoot).as("switching users needs root").isTrue();
    // runuser keeps the environment (as start() relies on), so no value lands on a command line.
    var full = new ArrayList<String>(List.of("runuser", "-u", user, "--"));
    full.addAll(command);
    return run(full, env, timeout);
  }

  /** Runs a client command (as the current user) and returns its exit code and output. */
  static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", path());
    pb.environment().putAll(env);
    try {
      var p = pb.start();
      p.getOutputStream().close();
      var out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in " + timeout);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static int freePort() {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for {@code condition}; fails with the log when it does not come. */
  static void await(String what, Duration timeout, Path log, BooleanSupplier condition) {
    var end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    String text;
    try {
      text = log == null || !Files.exists(log) ? "" : Files.readString(log);
    } catch (IOException e) {
      text = e.toString();
    }
    throw new AssertionError("timed out waiting for " + what + "\n" + text);
  }

  /**
   * Stops a server the way the kubelet stops a pod: SIGTERM to every process, then SIGKILL after a
   * grace period, and returns once all of them are gone. Waiting for the entry point alone is not
   * enough: the server it started can still be shutting down, holding its port and lock file, when
   * the next test starts one in the same place.
   */
  static void stop(Process p) {
    var processes = new java.util.ArrayList<ProcessHandle>(p.descendants().toList());
    processes.add(p.toHandle());
    processes.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (ProcessHandle h : processes) {
      try {
        h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        h.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (ProcessHandle h : processes) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        throw new AssertionError("process " + h.pid() + " did not end after SIGKILL", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      stop(started.get(i));
    }
    run(List.of("rm", "-rf", root.toString()), Map.of(), Duration.ofSeconds(30));
  }
}
