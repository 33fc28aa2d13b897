package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.data.DataVolumes;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.status.Observation.Integration;
import java.util.List;
import java.util.Optional;

/**
 * What one pass decided ({@link Plan}), before anything is applied.
 *
 * @param release the release planner's step: the next {@code status.release}, the app tier, the
 *     Jobs, the timers and Events; {@code null} for an invalid spec
 * @param routed {@code release} as the workflow applies it: without the mesh where Istio is not
 *     installed, and keeping the canary Services while an ended release's route still uses them
 * @param data the data tier's inputs (the StatefulSets' current volume sizes)
 * @param integrations the optional integrations' conditions
 * @param rotation a JWT rotation token not handled yet
 * @param rotate whether the workflow rotates the JWT secrets now (generated secrets only; for
 *     External Secrets the token is recorded and ignored)
 * @param growth the data claims to grow to the spec's size
 */
record PassPlan(
    ReleasePlan release,
    ReleasePlan routed,
    DataTierInputs data,
    List<Integration> integrations,
    Optional<String> rotation,
    boolean rotate,
    List<DataVolumes.Resize> growth) {

  /** An invalid spec: nothing is planned. */
  static final PassPlan NONE =
      new PassPlan(null, null, null, List.of(), Optional.empty(), false, List.of());

  /** A paused instance without a release under way: planned only to report its components. */
  static PassPlan reportOnly(ReleasePlan release) {
    return new PassPlan(release, null, null, List.of(), Optional.empty(), false, List.of());
  }
}
