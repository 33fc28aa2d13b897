package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.ValidatedSpecs;
import com.suresoft.ams.operator.model.data.DataVolumes;
import com.suresoft.ams.operator.validation.CurrentVolumes;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec's verdict ({@link ValidatedSpecs}: validated and resolved once per spec and volumes),
 * and whether it is paused. Spec errors are data, not exceptions: the status names them.
 */
final class Validate {
  private static final Logger log = LoggerFactory.getLogger(Validate.class);

  private final ValidatedSpecs specs;

  Validate(ValidatedSpecs specs) {
    this.specs = specs;
  }

  /** {@code claims} for the shrink check. */
  Verdict verdict(AmsInstance instance, List<PersistentVolumeClaim> claims) {
    var verdict = specs.of(instance, currentVolumes(claims));
    // An unreadable instance has no spec; the verdict holds its error.
    boolean paused =
        instance.getSpec() != null && Boolean.TRUE.equals(instance.getSpec().getPaused());
    if (!verdict.errors().isEmpty()) {
      log.info(
          "{}/{} has an invalid spec; leaving its objects as they are: {}",
          instance.getMetadata().getNamespace(),
          instance.getMetadata().getName(),
          verdict.errors());
    }
    return new Verdict(
        verdict.errors(), verdict.model(), paused, paused && releaseUnderWay(instance));
  }

  /**
   * Whether the instance has a release that {@code spec.paused} holds rather than ignores: one with
   * a candidate, or a slot still draining after one.
   */
  static boolean releaseUnderWay(AmsInstance instance) {
    var r = instance.getStatus() == null ? null : instance.getStatus().getRelease();
    return r != null && (r.getCandidateVersion() != null || r.getScaleDownAt() != null);
  }

  static CurrentVolumes currentVolumes(List<PersistentVolumeClaim> claims) {
    var result = new ArrayList<CurrentVolumes.Claim>();
    for (var claim : claims) {
      var component = DataVolumes.component(claim);
      var size = DataVolumes.requested(claim);
      if (component.isPresent() && size.isPresent()) {
        result.add(
            new CurrentVolumes.Claim(component.get(), claim.getMetadata().getName(), size.get()));
      }
    }
    // In name order: the cache hands claims back in no fixed order, and the volumes are part of
    // the key of the validated spec (ValidatedSpecs).
    result.sort(Comparator.comparing(CurrentVolumes.Claim::name));
    return new CurrentVolumes(result);
  }
}
