package com.suresoft.ams.operator.it;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the cluster would do with one instance's user traffic at one moment of a recording: the
 * routing of each routed component, the app tier's Deployments and HPAs, and {@code status.release}
 * as the operator had written it by then. {@link RoutingRecorder} appends one whenever anything in
 * it changed; {@link RoutingInvariants} judges the sequence.
 *
 * @param seq position in the recording (all instances), from 1
 * @param wall when the recorder received the event that led here
 * @param instance the AmsInstance's name
 * @param cause the object whose event led here, e.g. {@code VirtualService ams-web}
 * @param routes routed component ({@code web}, {@code api}) to where its requests go; absent:
 *     nothing routes it yet
 * @param slots {@code component/slot} (e.g. {@code web/green}) to its Deployment; absent: none
 * @param autoscalers component to its HPA; absent: none
 * @param release {@code status.release}; null while the instance has none (or is gone)
 */
record RoutingSnapshot(
    long seq,
    Instant wall,
    String instance,
    String cause,
    Map<String, Traffic.Route> routes,
    Map<String, SlotState> slots,
    Map<String, Autoscaler> autoscalers,
    Release release) {

  static final List<String> SLOTS = List.of("blue", "green");
  static final List<String> COMPONENTS = List.of("web", "api", "worker");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  RoutingSnapshot {
    routes = Collections.unmodifiableMap(new TreeMap<>(routes));
    slots = Collections.unmodifiableMap(new TreeMap<>(slots));
    autoscalers = Collections.unmodifiableMap(new TreeMap<>(autoscalers));
  }

  /**
   * One Deployment of the app tier.
   *
   * @param replicas {@code spec.replicas}; null when unset (an HPA owns them)
   * @param ready {@code status.readyReplicas}: the pods Endpoints would route to
   * @param updated {@code status.updatedReplicas}
   * @param version its {@code app.kubernetes.io/version} label
   */
  record SlotState(Integer replicas, int ready, int updated, String version) {
    @Override
    public String toString() {
      return "@" + version + " " + replicas + "/" + ready + "/" + updated;
    }
  }

  /**
   * One HorizontalPodAutoscaler.
   *
   * @param target the Deployment its {@code scaleTargetRef} names
   * @param desired {@code status.desiredReplicas}
   */
  record Autoscaler(String target, Integer min, Integer max, Integer desired) {
    @Override
    public String toString() {
      return "->" + target + " " + min + ".." + max + " d" + desired;
    }
  }

  /**
   * The part of {@code status.release} the invariants read. {@code stepIndex} and {@code message}
   * are kept so that a status write of the reconcile that moved the routing shows in the timeline
   * even when no other field changed: the invariants read it as the end of that reconcile's writes.
   */
  record Release(
      ReleasePhase phase,
      String stableVersion,
      String candidateVersion,
      String startedAt,
      Integer stepIndex,
      Integer canaryWeight,
      Integer stepWeight,
      Map<String, Integer> stableReplicas,
      String activeSlot,
      String message) {

    static Release of(ReleaseStatus s) {
      return s == null
          ? null
          : new Release(
              s.getPhase(),
              s.getStableVersion(),
              s.getCandidateVersion(),
              s.getStartedAt(),
              s.getStepIndex(),
              s.getCanaryWeight(),
              s.getStepWeight(),
              s.getStableReplicas() == null ? null : Map.copyOf(s.getStableReplicas()),
              s.getActiveSlot() == null ? null : s.getActiveSlot().name(),
              s.getMessage());
    }

    /**
     * Which release this is: candidate version and start time, so a retry or a newer version is a
     * new one; null when no candidate is under way.
     */
    String identity() {
      return candidateVersion == null ? null : candidateVersion + "@" + startedAt;
    }

    /** The slot of the stable version (blue until the operator said otherwise, as it does). */
    String stableSlot() {
      return activeSlot == null ? "blue" : activeSlot;
    }

    /** The candidate's slot; null when no candidate is under way. */
    String candidateSlot() {
      return candidateVersion == null ? null : "blue".equals(stableSlot()) ? "green" : "blue";
    }

    @Override
    public String toString() {
      var b = new StringBuilder(String.valueOf(phase)).append(' ').append(stableVersion);
      if (candidateVersion != null) {
        b.append("->").append(candidateVersion).append(" (").append(startedAt).append(')');
      }
      b.append(" active=").append(stableSlot());
      if (canaryWeight != null) {
        b.append(" w=").append(canaryWeight);
      }
      if (stepWeight != null) {
        b.append(" step=").append(stepWeight);
      }
      if (stableReplicas != null) {
        b.append(" base=").append(new TreeMap<>(stableReplicas));
      }
      if (stepIndex != null) {
        b.append(" i=").append(stepIndex);
      }
      return b.toString();
    }
  }

  /** Same cluster state as {@code other}: sequence, time and cause aside. */
  boolean sameState(RoutingSnapshot other) {
    return other != null
        && routes.equals(other.routes)
        && slots.equals(other.slots)
        && autoscalers.equals(other.autoscalers)
        && Objects.equals(release, other.release);
  }

  /** Where {@code c}'s requests go; null when nothing routes it. */
  Traffic.Route route(String c) {
    return routes.get(c);
  }

  /** Percent of {@code c}'s requests (without the header) on {@code slot}. */
  int weightOn(String c, String slot) {
    var r = routes.get(c);
    return r == null || slot == null ? 0 : r.weightOn(slot);
  }

  /** Whether requests with the canary header for {@code c} go to {@code slot}. */
  boolean headerOn(String c, String slot) {
    var r = routes.get(c);
    return r != null && slot != null && slot.equals(r.headerSlot());
  }

  /**
   * Percent of {@code c}'s requests the routing gives the candidate in {@code slot}: its weight,
   * plus what an nginx canary Ingress sends to a canary Service that is missing ({@link
   * Traffic.Route#NONE}), which only ever stands for the candidate. Those requests fail, which the
   * capacity rule reports; the weight itself was not taken back.
   */
  int candidateWeight(String c, String slot) {
    return weightOn(c, slot) + weightOn(c, Traffic.Route.NONE);
  }

  /** Whether the header route of {@code c} goes to the candidate in {@code slot} (see above). */
  boolean candidateHeader(String c, String slot) {
    return headerOn(c, slot) || headerOn(c, Traffic.Route.NONE);
  }

  SlotState slot(String c, String slot) {
    return slots.get(c + "/" + slot);
  }

  /**
   * Ready pods of {@code c} behind a routing target: one slot, {@link Traffic.Route#BOTH} (their
   * sum) or {@link Traffic.Route#NONE} (none).
   */
  int ready(String c, String target) {
    if (Traffic.Route.BOTH.equals(target)) {
      return SLOTS.stream().mapToInt(s -> ready(c, s)).sum();
    }
    var d = slots.get(c + "/" + target);
    return d == null ? 0 : d.ready();
  }

  /**
   * The size {@code slot} of {@code c} is held at: its HPA's minimum when an HPA targets it (it may
   * scale down to that at any time), otherwise {@code spec.replicas} (unset counts as 1, as the API
   * server defaults it); 0 when there is no Deployment.
   */
  int heldSize(String c, String slot) {
    var hpa = autoscalers.get(c);
    if (hpa != null
        && hpa.target() != null
        && hpa.target().equals(instance + "-" + c + "-" + slot)
        && hpa.min() != null) {
      return hpa.min();
    }
    var d = slot(c, slot);
    if (d == null) {
      return 0;
    }
    return d.replicas() == null ? 1 : d.replicas();
  }

  /**
   * One line: {@code #seq time instance [cause] release | routes | Deployments (@version
   * spec/ready/updated) | HPAs | "status.release.message"}.
   */
  @Override
  public String toString() {
    var parts = new ArrayList<String>();
    parts.add("#" + seq + " " + TIME.format(wall) + " " + instance + " [" + cause + "] " + release);
    var r = new ArrayList<String>();
    routes.forEach((c, route) -> r.add(c + " " + route));
    parts.add(String.join(", ", r));
    var d = new ArrayList<String>();
    slots.forEach((key, s) -> d.add(key + s));
    parts.add(String.join(", ", d));
    if (!autoscalers.isEmpty()) {
      var h = new ArrayList<String>();
      autoscalers.forEach((c, a) -> h.add("hpa " + c + a));
      parts.add(String.join(", ", h));
    }
    if (release != null && release.message() != null) {
      parts.add("\"" + release.message() + "\"");
    }
    return String.join(" | ", parts);
  }

  /** Wall-clock time of day, for messages. */
  static String time(Instant wall) {
    return TIME.format(wall);
  }
}
