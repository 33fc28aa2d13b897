package com.suresoft.ams.operator.bench;

import static com.suresoft.ams.operator.bench.ConvergenceBenchmark.OPERATOR;
import static com.suresoft.ams.operator.bench.ConvergenceBenchmark.USER;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.ControllerSimulator;
import com.suresoft.ams.testkit.ResourcePath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where an instance's time went in an operator run, read from the server's request log: the moments
 * its stages were written by the operator and made ready by the simulator, and the gaps between
 * them, the operator's (how long it took to act on what became ready) apart from the simulator's
 * (how long the cluster took to make ready what was written). A profile of the run, not a
 * measurement: "ready" is the simulator's last write to a stage's workloads before the operator
 * wrote the instance's last status.
 */
final class InstanceStages {
  /** The moments of one instance (its namespace); null where the log has none. */
  record Moments(
      Instant created,
      Instant dataApplied,
      Instant dataReady,
      Instant migrationCreated,
      Instant migrationDone,
      Instant appApplied,
      Instant appReady,
      Instant lastStatus) {

    boolean complete() {
      return created != null
          && dataApplied != null
          && dataReady != null
          && migrationCreated != null
          && migrationDone != null
          && appApplied != null
          && appReady != null
          && lastStatus != null;
    }
  }

  /** A gap between two moments, and whose it is. */
  record Gap(String name, Function<Moments, Duration> of) {}

  static final List<Gap> GAPS =
      List.of(
          new Gap(
              "created -> data tier applied (operator)", m -> between(m.created, m.dataApplied)),
          new Gap(
              "data tier applied -> ready (simulator)", m -> between(m.dataApplied, m.dataReady)),
          new Gap(
              "data tier ready -> migration Job created (operator)",
              m -> between(m.dataReady, m.migrationCreated)),
          new Gap(
              "migration Job created -> done (simulator)",
              m -> between(m.migrationCreated, m.migrationDone)),
          new Gap(
              "migration done -> app tier applied (operator)",
              m -> between(m.migrationDone, m.appApplied)),
          new Gap("app tier applied -> ready (simulator)", m -> between(m.appApplied, m.appReady)),
          new Gap(
              "app tier ready -> last status (operator)", m -> between(m.appReady, m.lastStatus)),
          new Gap("created -> last status", m -> between(m.created, m.lastStatus)));

  private InstanceStages() {}

  /** Each instance's moments, by namespace, from the requests of one operator run. */
  static Map<String, Moments> of(List<ApiRequest> requests) {
    var byNamespace = new LinkedHashMap<String, List<Hit>>();
    for (var r : requests) {
      ResourcePath.parse(r.path())
          .filter(p -> p.namespace() != null && r.isWrite() && r.status() < 300)
          .ifPresent(
              p ->
                  byNamespace
                      .computeIfAbsent(p.namespace(), n -> new ArrayList<>())
                      .add(new Hit(r, p)));
    }
    var result = new LinkedHashMap<String, Moments>();
    byNamespace.forEach((namespace, hits) -> result.put(namespace, moments(hits)));
    return result;
  }

  private record Hit(ApiRequest request, ResourcePath path) {
    boolean by(String actor) {
      return request.actor().equals(actor);
    }

    boolean on(String plural) {
      return path.plural().equals(plural);
    }

    String name() {
      return path.name() == null ? "" : path.name();
    }

    Instant at() {
      return request.timestamp();
    }
  }

  private static Moments moments(List<Hit> hits) {
    Instant created = first(hits, h -> h.by(USER) && h.on("amsinstances"));
    Instant lastStatus = last(hits, h -> h.by(OPERATOR) && h.on("amsinstances"), null);
    // The migration Job is created (POST, no name in the path); the bucket Job is applied.
    Instant migrationCreated =
        first(hits, h -> h.by(OPERATOR) && h.on("jobs") && "POST".equals(h.request.method()));
    return new Moments(
        created,
        first(hits, h -> h.by(OPERATOR) && h.on("statefulsets")),
        // The data tier: its StatefulSets, PgBouncer's Deployment and the bucket Job, ready before
        // the migration starts.
        last(
            hits,
            h -> h.by(ControllerSimulator.ACTOR) && dataTier(h),
            migrationCreated != null ? migrationCreated : lastStatus),
        migrationCreated,
        last(
            hits,
            h -> h.by(ControllerSimulator.ACTOR) && h.on("jobs") && migration(h.name()),
            lastStatus),
        first(hits, h -> h.by(OPERATOR) && h.on("deployments") && appSlot(h.name())),
        last(
            hits,
            h -> h.by(ControllerSimulator.ACTOR) && h.on("deployments") && appSlot(h.name()),
            lastStatus),
        lastStatus);
  }

  private static boolean dataTier(Hit h) {
    return h.on("statefulsets")
        || (h.on("deployments") && !appSlot(h.name()))
        || (h.on("jobs") && !migration(h.name()));
  }

  private static boolean migration(String jobName) {
    return jobName.contains("-migrate-");
  }

  /** An app Deployment: its name ends in its slot ({@code ResourceNames.deployment}). */
  private static boolean appSlot(String name) {
    return Arrays.stream(Slot.values()).anyMatch(slot -> name.endsWith("-" + slot.name()));
  }

  private static Instant first(List<Hit> hits, java.util.function.Predicate<Hit> which) {
    return hits.stream().filter(which).map(Hit::at).min(Instant::compareTo).orElse(null);
  }

  /** The last such write, and no later than {@code notAfter} when there is one. */
  private static Instant last(
      List<Hit> hits, java.util.function.Predicate<Hit> which, Instant notAfter) {
    return hits.stream()
        .filter(which)
        .map(Hit::at)
        .filter(t -> notAfter == null || !t.isAfter(notAfter))
        .max(Instant::compareTo)
        .orElse(null);
  }

  private static Duration between(Instant from, Instant to) {
    return Duration.between(from, to);
  }

  /** The median and 90th percentile of each gap over the complete instances, in seconds. */
  static Map<String, double[]> summary(Map<String, Moments> instances) {
    var complete = instances.values().stream().filter(Moments::complete).toList();
    var result = new LinkedHashMap<String, double[]>();
    for (var gap : GAPS) {
      var seconds = new ArrayList<Double>();
      for (var m : complete) {
        seconds.add(gap.of().apply(m).toMillis() / 1000.0);
      }
      Collections.sort(seconds);
      result.put(gap.name(), new double[] {percentile(seconds, 0.5), percentile(seconds, 0.9)});
    }
    return result;
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }

  static void print(List<ApiRequest> requests) {
    var instances = of(requests);
    long complete = instances.values().stream().filter(Moments::complete).count();
    System.out.printf(
        "where an instance's time went (%d of %d instances with every stage; median / 90th"
            + " percentile):%n",
        complete, instances.size());
    summary(instances)
        .forEach((gap, p) -> System.out.printf("  %-55s %6.1f s / %6.1f s%n", gap, p[0], p[1]));
    // The instance that waited longest for its migration after its data tier was ready: its
    // writes in order, to see what it waited for.
    instances.entrySet().stream()
        .filter(e -> e.getValue().complete())
        .max(
            java.util.Comparator.comparing(
                (Map.Entry<String, Moments> e) ->
                    between(e.getValue().dataReady, e.getValue().migrationCreated)))
        .ifPresent(
            slowest -> {
              System.out.println(
                  "  the longest wait for a migration, "
                      + slowest.getKey()
                      + ", its writes (s after its creation):");
              Instant created = slowest.getValue().created;
              for (var r : requests) {
                var p = ResourcePath.parse(r.path());
                if (r.isWrite()
                    && p.isPresent()
                    && slowest.getKey().equals(p.get().namespace())
                    && !r.timestamp().isAfter(slowest.getValue().appApplied)) {
                  System.out.printf(
                      "    %6.2f %s %s%n",
                      between(created, r.timestamp()).toMillis() / 1000.0,
                      r.actor(),
                      r.method() + " " + r.path());
                }
              }
            });
  }
}
