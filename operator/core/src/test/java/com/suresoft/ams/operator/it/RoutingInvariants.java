package com.suresoft.ams.operator.it;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The release rules of DESIGN.md section 4, judged over a whole recording of {@link
 * RoutingSnapshot}s rather than at the moments a test happens to look:
 *
 * <ul>
 *   <li>{@link #candidateWeightNeverDecreases}: within one release the weight (and header route) on
 *       the candidate only goes down on abort, failure, a newer version or the end of the release,
 *       or as far as the candidate's ready pods still carry;
 *   <li>{@link #trafficOnlyToReadyCapacity}: weight {@code w} on a slot needs {@code ceil(base * w
 *       / 100)} ready pods there, a header route or a Service selector one;
 *   <li>{@link #stableSizedForItsShare}: while a release is under way the stable slot is never held
 *       (spec.replicas, or its HPA's minimum) below what its share needs;
 *   <li>{@link #statusWeightMatchesRouting}: {@code status.release.canaryWeight} is what is routed.
 * </ul>
 *
 * <p>{@code base} is {@code status.release.stableReplicas[c]}, or the stable Deployment's {@code
 * spec.replicas} in the release's first snapshot when the status has none; outside a release any
 * share needs one ready pod.
 *
 * <p>Readiness can drop under a route before any operator could react, as in a real cluster, so the
 * operator is judged, not the cluster: an unsafe state is a violation when the operator wrote it
 * (the snapshot changed the routing, the size, or the release status that should agree), or when it
 * lasts longer than the grace period, or is still there when the recording ends.
 */
final class RoutingInvariants {

  /**
   * How long an unsafe state the operator did not write may last; {@code
   * -Dams.routing.graceMillis}.
   */
  static final Duration DEFAULT_GRACE =
      Duration.ofMillis(Long.getLong("ams.routing.graceMillis", 5_000));

  static final String WEIGHT_NEVER_DECREASES = "candidate weight never decreases";
  static final String READY_CAPACITY = "traffic only to ready capacity";
  static final String STABLE_SIZE = "stable sized for its share";
  static final String STATUS_WEIGHT = "status.release.canaryWeight is the routed weight";

  /** Phases in which the candidate's traffic may go (Stable: the release ended). */
  private static final Set<ReleasePhase> ENDED =
      EnumSet.of(ReleasePhase.Aborted, ReleasePhase.Failed, ReleasePhase.Stable);

  /** Phases in which stable must stay sized for its share. */
  private static final Set<ReleasePhase> UNDER_WAY =
      EnumSet.of(
          ReleasePhase.Migrating,
          ReleasePhase.Progressing,
          ReleasePhase.Paused,
          ReleasePhase.Promoting);

  /**
   * One breach of a rule.
   *
   * @param rule one of the rule names above
   * @param what what happened, in words
   * @param at the snapshots that show it (the one before and the offending one, or where an unsafe
   *     state began and ended)
   */
  record Violation(String rule, String instance, String what, List<RoutingSnapshot> at) {
    @Override
    public String toString() {
      var b = new StringBuilder("[" + rule + "] " + instance + ": " + what);
      at.forEach(s -> b.append("\n      ").append(s));
      return b.toString();
    }
  }

  /** An unsafe condition at one snapshot; {@code written}: that snapshot's change made it. */
  private record Problem(String key, String what, boolean written) {}

  private final List<RoutingSnapshot> timeline;
  private final Duration grace;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();

  RoutingInvariants(List<RoutingSnapshot> timeline, Duration grace) {
    this.timeline = List.copyOf(timeline);
    this.grace = grace;
    var byInstance = new LinkedHashMap<String, List<RoutingSnapshot>>();
    for (var s : this.timeline) {
      byInstance.computeIfAbsent(s.instance(), k -> new ArrayList<>()).add(s);
    }
    byInstance.forEach((name, t) -> lanes.put(name, new Lane(name, t)));
  }

  Duration grace() {
    return grace;
  }

  /** Every violation of every rule, rule by rule. */
  List<Violation> violations() {
    var all = new ArrayList<Violation>();
    all.addAll(candidateWeightNeverDecreases());
    all.addAll(trafficOnlyToReadyCapacity());
    all.addAll(stableSizedForItsShare());
    all.addAll(statusWeightMatchesRouting());
    return all;
  }

  /**
   * Unsafe states still open at the end of the recording (whether or not already reported): a
   * recording is settled when there are none.
   */
  List<String> unsettled() {
    var open = new ArrayList<String>();
    for (Lane lane : lanes.values()) {
      open.addAll(lane.judge(READY_CAPACITY, lane::capacityProblems, new ArrayList<>()));
      open.addAll(lane.judge(STABLE_SIZE, lane::stableSizeProblems, new ArrayList<>()));
      open.addAll(lane.judge(STATUS_WEIGHT, lane::statusWeightProblems, new ArrayList<>()));
    }
    return open;
  }

  /** Fails with every violation and the timeline around them. */
  void assertHolds() {
    var violations = violations();
    if (!violations.isEmpty()) {
      throw new AssertionError(report(violations));
    }
  }

  /**
   * The weight routed to the candidate of one release (same candidate version and start) never goes
   * down, nor is its header route withdrawn, except when the phase is Aborted or Failed, the
   * release ended or was superseded (the status written right after the routing says so, within the
   * grace period), or the candidate's ready pods dropped and the new weight is still at least what
   * they carry (the operator routes one weight to every component, so what the scarcest one
   * carries).
   */
  List<Violation> candidateWeightNeverDecreases() {
    var out = new ArrayList<Violation>();
    for (Lane lane : lanes.values()) {
      lane.weightDecreases(out);
    }
    return out;
  }

  /**
   * No user request reaches a slot without the ready pods its share needs: weight {@code w} needs
   * {@code ceil(base * w / 100)}, a header route or a Service selector at least one.
   */
  List<Violation> trafficOnlyToReadyCapacity() {
    var out = new ArrayList<Violation>();
    for (Lane lane : lanes.values()) {
      lane.judge(READY_CAPACITY, lane::capacityProblems, out);
    }
    return out;
  }

  /**
   * While a release is under way, the stable slot of each routed component is never held below
   * {@code ceil(base * share / 100)}, {@code share} being the weight still routed to it.
   */
  List<Violation> stableSizedForItsShare() {
    var out = new ArrayList<Violation>();
    for (Lane lane : lanes.values()) {
      lane.judge(STABLE_SIZE, lane::stableSizeProblems, out);
    }
    return out;
  }

  /**
   * {@code status.release.canaryWeight} equals the weight routed to the candidate: a status write
   * that disagrees with the routing is a violation at once (the status is the last write of a
   * reconcile), a routing write may run ahead of the status for the grace period.
   */
  List<Violation> statusWeightMatchesRouting() {
    var out = new ArrayList<Violation>();
    for (Lane lane : lanes.values()) {
      lane.judge(STATUS_WEIGHT, lane::statusWeightProblems, out);
    }
    return out;
  }

  /** The violations, then each affected instance's timeline around them. */
  String report(List<Violation> violations) {
    var b = new StringBuilder();
    b.append(violations.size())
        .append(" routing invariant violation(s) (grace ")
        .append(grace.toMillis())
        .append(" ms):\n");
    violations.forEach(v -> b.append("  ").append(v).append('\n'));
    var instances = new TreeSet<String>();
    violations.forEach(v -> instances.add(v.instance()));
    for (String name : instances) {
      Lane lane = lanes.get(name);
      var marked = new HashSet<Long>();
      violations.stream()
          .filter(v -> v.instance().equals(name))
          .forEach(v -> v.at().forEach(s -> marked.add(s.seq())));
      b.append("Timeline of ")
          .append(name)
          .append(" (")
          .append(lane.t.size())
          .append(" snapshots; > marks a violation's; ")
          .append("Deployments as @version spec/ready/updated):\n");
      b.append(lane.excerpt(marked));
    }
    return b.toString();
  }

  private static int need(Integer base, int weight) {
    if (weight <= 0) {
      return 0;
    }
    if (base == null) {
      return 1;
    }
    return Math.max(1, (base * weight + 99) / 100);
  }

  /** The highest weight {@code ready} pods can take: {@code need(base, w) <= ready}. */
  private static int carried(Integer base, int ready) {
    if (ready <= 0) {
      return 0;
    }
    if (base == null || base <= 0) {
      return 100;
    }
    return Math.min(100, ready * 100 / base);
  }

  /** One instance's snapshots, in order. */
  private final class Lane {
    private static final int CONTEXT = 8;
    private static final int FULL_UP_TO = 150;

    final String name;
    final List<RoutingSnapshot> t;

    /** For each snapshot, the index of the first one of the same release (or -1). */
    private final int[] releaseStart;

    Lane(String name, List<RoutingSnapshot> t) {
      this.name = name;
      this.t = t;
      releaseStart = new int[t.size()];
      for (int i = 0; i < t.size(); i++) {
        String id = identity(i);
        releaseStart[i] =
            id == null ? -1 : i > 0 && id.equals(identity(i - 1)) ? releaseStart[i - 1] : i;
      }
    }

    private String identity(int i) {
      var r = t.get(i).release();
      return r == null ? null : r.identity();
    }

    /** The stable size a share is measured against; null outside a release or when unknown. */
    Integer base(int i, String c) {
      var r = t.get(i).release();
      if (r == null || r.identity() == null) {
        return null;
      }
      if (r.stableReplicas() != null && r.stableReplicas().get(c) != null) {
        return r.stableReplicas().get(c);
      }
      // Not recorded: what stable had when the release began, so that shrinking it later cannot
      // shrink the need along with it.
      var first = t.get(releaseStart[i]);
      var d = first.slot(c, r.stableSlot());
      return d == null ? null : d.replicas();
    }

    // ---- weight never decreases ----

    void weightDecreases(List<Violation> out) {
      for (int i = 1; i < t.size(); i++) {
        var prev = t.get(i - 1);
        var cur = t.get(i);
        String id = identity(i);
        if (id == null || !id.equals(identity(i - 1)) || ENDED.contains(cur.release().phase())) {
          continue;
        }
        String cand = cur.release().candidateSlot();
        int floor = 100;
        int fewestReady = Integer.MAX_VALUE;
        var readyPods = new ArrayList<String>();
        for (String c : Traffic.ROUTED) {
          int ready = cur.ready(c, cand);
          floor = Math.min(floor, carried(base(i, c), ready));
          fewestReady = Math.min(fewestReady, ready);
          readyPods.add(c + "=" + ready);
        }
        for (String c : Traffic.ROUTED) {
          int a = prev.candidateWeight(c, cand);
          int b = cur.candidateWeight(c, cand);
          boolean headerLost = prev.candidateHeader(c, cand) && !cur.candidateHeader(c, cand);
          // Lower is allowed only as far as the ready pods force: down to what they carry.
          boolean weightDown = b < a && b < floor;
          boolean headerDown = headerLost && fewestReady > 0;
          if (!(weightDown || headerDown) || releaseEndsRightAfter(i, c)) {
            continue;
          }
          String what =
              weightDown
                  ? c + ": weight on candidate slot " + cand + " went " + a + "% -> " + b + "%"
                  : c + ": header route to candidate slot " + cand + " withdrawn";
          out.add(
              new Violation(
                  WEIGHT_NEVER_DECREASES,
                  name,
                  what
                      + " while the release goes on ("
                      + cur.release().phase()
                      + "); its ready pods "
                      + String.join(" ", readyPods)
                      + " carry "
                      + floor
                      + "%",
                  List.of(prev, cur)));
        }
      }
    }

    /**
     * Whether the release status written after the routing change at {@code i} (the end of that
     * reconcile's writes), within the grace period and before {@code c} is routed anew, shows the
     * release aborted, failed, ended or superseded.
     */
    private boolean releaseEndsRightAfter(int i, String c) {
      var at = t.get(i);
      for (int j = i + 1; j < t.size(); j++) {
        var s = t.get(j);
        if (Duration.between(at.wall(), s.wall()).compareTo(grace) > 0
            || !Objects.equals(s.route(c), t.get(j - 1).route(c))) {
          return false;
        }
        var r = s.release();
        if (!Objects.equals(r, t.get(j - 1).release())) {
          return r == null
              || !Objects.equals(r.identity(), at.release().identity())
              || ENDED.contains(r.phase());
        }
      }
      return false;
    }

    // ---- problems judged over time ----

    List<Problem> capacityProblems(int i) {
      var s = t.get(i);
      var problems = new ArrayList<Problem>();
      if (s.release() == null || s.release().stableVersion() == null) {
        return problems; // not installed yet: nothing serves users, nothing could
      }
      var prev = i > 0 ? t.get(i - 1) : null;
      for (String c : Traffic.ROUTED) {
        var route = s.route(c);
        if (route == null) {
          continue;
        }
        boolean written = prev == null || !Objects.equals(prev.route(c), route);
        Integer base = base(i, c);
        route
            .weights()
            .forEach(
                (slot, w) -> {
                  int need = need(base, w);
                  int have = s.ready(c, slot);
                  if (have < need) {
                    problems.add(
                        new Problem(
                            c + " weight on " + slot,
                            c
                                + ": "
                                + w
                                + "% to "
                                + slot
                                + " needs "
                                + need
                                + " ready pod(s)"
                                + (base == null ? "" : " (base " + base + ")")
                                + ", has "
                                + have,
                            written));
                  }
                });
        if (route.headerSlot() != null && s.ready(c, route.headerSlot()) < 1) {
          problems.add(
              new Problem(
                  c + " header to " + route.headerSlot(),
                  c + ": header route to " + route.headerSlot() + ", which has no ready pod",
                  written));
        }
      }
      return problems;
    }

    List<Problem> stableSizeProblems(int i) {
      var s = t.get(i);
      var problems = new ArrayList<Problem>();
      var r = s.release();
      if (r == null || r.identity() == null || !UNDER_WAY.contains(r.phase())) {
        return problems;
      }
      var prev = i > 0 ? t.get(i - 1) : null;
      String stable = r.stableSlot();
      for (String c : Traffic.ROUTED) {
        int share = s.weightOn(c, stable);
        Integer base = base(i, c);
        int need = need(base, share);
        int size = s.heldSize(c, stable);
        if (share > 0 && size < need) {
          boolean written =
              prev == null || prev.heldSize(c, stable) != size || prev.weightOn(c, stable) != share;
          problems.add(
              new Problem(
                  c + " stable size",
                  c
                      + ": stable slot "
                      + stable
                      + " held at "
                      + size
                      + " while its "
                      + share
                      + "% share needs "
                      + need
                      + (base == null ? "" : " (base " + base + ")"),
                  written));
        }
      }
      return problems;
    }

    List<Problem> statusWeightProblems(int i) {
      var s = t.get(i);
      var problems = new ArrayList<Problem>();
      var r = s.release();
      if (r == null || r.identity() == null || r.canaryWeight() == null) {
        return problems;
      }
      var prev = i > 0 ? t.get(i - 1) : null;
      boolean statusWritten = prev == null || !Objects.equals(prev.release(), r);
      String cand = r.candidateSlot();
      for (String c : Traffic.ROUTED) {
        if (s.route(c) == null) {
          continue;
        }
        int routed = s.candidateWeight(c, cand);
        if (routed != r.canaryWeight()) {
          problems.add(
              new Problem(
                  c + " status weight",
                  "status.release.canaryWeight is "
                      + r.canaryWeight()
                      + " but "
                      + routed
                      + "% of "
                      + c
                      + " goes to candidate slot "
                      + cand,
                  statusWritten));
        }
      }
      return problems;
    }

    /**
     * Walks the timeline with {@code problemsAt}: a problem is reported once per episode, when a
     * snapshot that wrote it shows it, when it outlives the grace period, or when the recording
     * ends with it. Returns the episodes still open at the end.
     */
    List<String> judge(String rule, IntFunction<List<Problem>> problemsAt, List<Violation> out) {
      var openSince = new LinkedHashMap<String, Integer>();
      var firstSeen = new LinkedHashMap<String, Problem>();
      var reported = new HashSet<String>();
      for (int i = 0; i < t.size(); i++) {
        var s = t.get(i);
        var now = new LinkedHashMap<String, Problem>();
        problemsAt.apply(i).forEach(p -> now.putIfAbsent(p.key(), p));
        for (var key : List.copyOf(openSince.keySet())) {
          if (now.containsKey(key)) {
            continue;
          }
          var start = t.get(openSince.remove(key));
          var p = firstSeen.remove(key);
          if (!reported.remove(key) && longerThanGrace(start, s)) {
            out.add(
                new Violation(
                    rule,
                    name,
                    p.what() + ", for " + millis(start, s) + " ms before it was corrected",
                    List.of(start, s)));
          }
        }
        for (var p : now.values()) {
          String key = p.key();
          if (!openSince.containsKey(key)) {
            openSince.put(key, i);
            firstSeen.put(key, p);
          }
          if (reported.contains(key)) {
            continue;
          }
          var start = t.get(openSince.get(key));
          if (p.written()) {
            reported.add(key);
            var at = i > 0 ? List.of(t.get(i - 1), s) : List.of(s);
            out.add(new Violation(rule, name, p.what() + ", as written", at));
          } else if (longerThanGrace(start, s)) {
            reported.add(key);
            out.add(
                new Violation(
                    rule,
                    name,
                    p.what() + ", still after " + millis(start, s) + " ms",
                    List.of(start, s)));
          }
        }
      }
      var open = new ArrayList<String>();
      openSince.forEach(
          (key, since) -> {
            var start = t.get(since);
            open.add(name + ": " + firstSeen.get(key).what());
            if (!reported.contains(key)) {
              var last = t.get(t.size() - 1);
              out.add(
                  new Violation(
                      rule,
                      name,
                      firstSeen.get(key).what() + ", still so when the recording ended",
                      start == last ? List.of(start) : List.of(start, last)));
            }
          });
      return open;
    }

    private boolean longerThanGrace(RoutingSnapshot from, RoutingSnapshot to) {
      return Duration.between(from.wall(), to.wall()).compareTo(grace) > 0;
    }

    private static long millis(RoutingSnapshot from, RoutingSnapshot to) {
      return Duration.between(from.wall(), to.wall()).toMillis();
    }

    /** The marked snapshots with some context each, or everything when short. */
    String excerpt(Set<Long> marked) {
      boolean full = t.size() <= FULL_UP_TO || Boolean.getBoolean("ams.routing.fullTimeline");
      var shown = new boolean[t.size()];
      for (int i = 0; i < t.size(); i++) {
        if (full || marked.contains(t.get(i).seq())) {
          for (int k = Math.max(0, i - CONTEXT); k <= Math.min(t.size() - 1, i + CONTEXT); k++) {
            shown[k] = true;
          }
        }
      }
      var b = new StringBuilder();
      boolean gap = false;
      for (int i = 0; i < t.size(); i++) {
        if (!shown[i]) {
          gap = true;
          continue;
        }
        if (gap) {
          b.append("    ...\n");
          gap = false;
        }
        b.append(marked.contains(t.get(i).seq()) ? "  > " : "    ").append(t.get(i)).append('\n');
      }
      if (gap) {
        b.append("    ...\n");
      }
      return b.toString();
    }
  }
}
