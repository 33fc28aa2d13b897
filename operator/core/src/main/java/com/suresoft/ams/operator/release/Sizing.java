package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.spec.AutoscalingSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * How big each slot should be during a release, and what the candidate's ready pods can carry.
 *
 * <p>The stable size is recorded when a release starts ({@code status.release.stableReplicas}): an
 * HPA sees only the stable pods, so as traffic moves to the candidate it would shrink the stable
 * slot, and a candidate sized from the shrunk count would be too small for its share (and, after a
 * dip, all traffic would land on the shrunk stable). So a component's full size is the larger of
 * the record and what its HPA wants now, and the stable HPA's minimum is held at the record until
 * the release ends.
 *
 * <p>Reads the working status, so a size recorded earlier in the same decision counts at once.
 */
final class Sizing {

  /** Web and API: the components user traffic reaches, whose ready pods gate every weight. */
  static final List<Component> ROUTED = List.of(Component.WEB, Component.API);

  private final InstanceModel m;
  private final ObservedSlots slots;
  private final ReleaseStatus s;

  Sizing(InstanceModel m, ObservedSlots slots, ReleaseStatus s) {
    this.m = m;
    this.slots = slots;
    this.s = s;
  }

  boolean autoscaled(Component c) {
    return autoscaling(c).getEnabled();
  }

  private AutoscalingSpec autoscaling(Component c) {
    return AppTierPlan.componentSpec(m, c).getAutoscaling();
  }

  /** The stable size of each component now: what the release records when it starts. */
  Map<String, Integer> stableSizes() {
    var sizes = new LinkedHashMap<String, Integer>();
    for (Component c : Component.APP_TIER) {
      sizes.put(c.label(), currentStableSize(c));
    }
    return sizes;
  }

  private int currentStableSize(Component c) {
    if (!autoscaled(c)) {
      return AppTierPlan.componentSpec(m, c).getReplicas();
    }
    int serving = slots.get(c, s.getActiveSlot()).map(SlotObservation::desiredReplicas).orElse(0);
    int wanted = slots.hpaReplicas(c).orElse(0);
    return clampToAutoscaler(c, Math.max(serving, wanted));
  }

  private int clampToAutoscaler(Component c, int replicas) {
    var a = autoscaling(c);
    return Math.min(a.getMaxReplicas(), Math.max(a.getMinReplicas(), replicas));
  }

  /** The stable size recorded at the start of the release (the current one if none is). */
  int base(Component c) {
    Integer recorded = s.getStableReplicas() == null ? null : s.getStableReplicas().get(c.label());
    return Math.max(1, recorded != null ? recorded : currentStableSize(c));
  }

  /** A component's full size: its replicas, or the larger of the record and what its HPA wants. */
  int total(Component c) {
    if (!autoscaled(c)) {
      return AppTierPlan.componentSpec(m, c).getReplicas();
    }
    return Math.max(base(c), slots.hpaReplicas(c).orElse(0));
  }

  /**
   * Candidate pods for {@code weight} percent: ceil(total x weight), and at least one, because the
   * header route sends requests to the candidate at every weight, 0 % included.
   */
  int forWeight(Component c, int weight) {
    return Math.max(1, (int) Math.ceil(total(c) * weight / 100.0));
  }

  /** The minimum the HPA of {@code c} is held at during a release: the recorded stable size. */
  int heldMinimum(Component c) {
    return clampToAutoscaler(c, base(c));
  }

  /**
   * The minimum during {@code Promoting}, when the HPA has just taken over the new slot: its full
   * size, so the handover cannot shrink the slot that now carries all traffic below what it was
   * sized to (the HPA may still grow it).
   */
  int heldAtFullSize(Component c) {
    return clampToAutoscaler(c, total(c));
  }

  /** Ready candidate pods of {@code c} at the candidate version (a lagging status counts). */
  int readyCandidate(Component c) {
    return slots.get(c, candidateSlot()).map(o -> o.readyOf(s.getCandidateVersion())).orElse(0);
  }

  /**
   * The largest weight the candidate's ready pods carry: for web and API, ready pods over the
   * recorded stable size. Measured against the record, not against what an HPA wants now, so the
   * weight does not flap when an autoscaler grows the target.
   */
  int capacity() {
    int weight = 100;
    for (Component c : ROUTED) {
      weight = Math.min(weight, 100 * readyCandidate(c) / base(c));
    }
    return weight;
  }

  /**
   * Whether the candidate has ready pods for {@code weight}: ceil(total x weight) of web and API.
   */
  boolean readyFor(int weight) {
    return ROUTED.stream().allMatch(c -> readyCandidate(c) >= forWeight(c, weight));
  }

  /** Whether web and API of the candidate each have a ready pod (the header route needs one). */
  boolean candidateServes() {
    return ROUTED.stream().allMatch(c -> readyCandidate(c) >= 1);
  }

  /** Whether {@code c} in {@code slot} runs {@code version} with {@code replicas} ready, now. */
  boolean readyAt(Component c, Slot slot, String version, int replicas) {
    return slots.get(c, slot).map(o -> o.readyAt(version, replicas)).orElse(replicas == 0);
  }

  /** Whether every component in {@code components} of the candidate is ready at full size. */
  boolean candidateAtFullSize(List<Component> components) {
    return components.stream()
        .allMatch(c -> readyAt(c, candidateSlot(), s.getCandidateVersion(), total(c)));
  }

  /** "web 1/3, api 0/4 ready": what the candidate lacks, for messages. */
  String candidateReadiness(List<Component> components, ToIntFunction<Component> wanted) {
    var parts = new StringBuilder();
    for (Component c : components) {
      if (parts.length() > 0) {
        parts.append(", ");
      }
      parts
          .append(c.label())
          .append(' ')
          .append(readyCandidate(c))
          .append('/')
          .append(wanted.applyAsInt(c));
    }
    return parts.append(" ready").toString();
  }

  private Slot candidateSlot() {
    return s.getActiveSlot().other();
  }
}
