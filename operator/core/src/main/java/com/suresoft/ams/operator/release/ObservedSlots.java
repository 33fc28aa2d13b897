package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app tier as observed: each component's Deployment per slot, and the replica count the HPA
 * currently wants for the component (absent when there is no HPA or it has not decided yet).
 */
public record ObservedSlots(
    Map<Component, Map<Slot, SlotObservation>> deployments, Map<Component, Integer> hpaReplicas) {

  public static final ObservedSlots NONE = new ObservedSlots(Map.of(), Map.of());

  public ObservedSlots {
    deployments = Map.copyOf(deployments);
    hpaReplicas = Map.copyOf(hpaReplicas);
  }

  public Optional<SlotObservation> get(Component c, Slot slot) {
    return Optional.ofNullable(deployments.getOrDefault(c, Map.of()).get(slot));
  }

  public Optional<Integer> hpaReplicas(Component c) {
    return Optional.ofNullable(hpaReplicas.get(c));
  }

  /** A copy with one Deployment observed (for building observations step by step). */
  public ObservedSlots with(Component c, Slot slot, SlotObservation observation) {
    var copy = new EnumMap<Component, Map<Slot, SlotObservation>>(Component.class);
    copy.putAll(deployments);
    var perSlot = new EnumMap<Slot, SlotObservation>(Slot.class);
    perSlot.putAll(deployments.getOrDefault(c, Map.of()));
    perSlot.put(slot, observation);
    copy.put(c, perSlot);
    return new ObservedSlots(copy, hpaReplicas);
  }

  /** A copy with the HPA of {@code c} wanting {@code replicas}. */
  public ObservedSlots withHpa(Component c, int replicas) {
    var copy = new EnumMap<Component, Integer>(Component.class);
    copy.putAll(hpaReplicas);
    copy.put(c, replicas);
    return new ObservedSlots(deployments, copy);
  }
}
