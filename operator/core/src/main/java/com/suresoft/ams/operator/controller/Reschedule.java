package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.ReferencedSecrets;
import com.suresoft.ams.operator.controller.crds.CrdPresence;
import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.status.Integrations;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;

/**
 * When to look at the instance again, besides the events that bring a reconciliation anyway: the
 * release's timers, and the things whose change sends no event (a CRD installed, a referenced
 * Secret created, someone else's object deleted), each as soon as the cached answer about it
 * expires. Also progress the status throttle held back. Never a blocking sleep.
 */
final class Reschedule {
  private final CrdPresence crds;

  Reschedule(CrdPresence crds) {
    this.crds = crds;
  }

  /**
   * {@code resync}: the controller's longest interval between two reconciliations; a timer never
   * postpones it (a reschedule replaces it in JOSDK).
   */
  UpdateControl<AmsInstance> after(
      Snapshot seen, PassPlan plan, Applied applied, Reported reported, Optional<Duration> resync) {
    Optional<Duration> wakeUp =
        reported.release() == null ? Optional.empty() : plan.release().requeueAfter();
    // A missing optional CRD sends no event when it is installed: look again (from the cache, no
    // API call per reconcile) once the cached answer expires.
    if (seen.waitsForCnpgCrd() || Integrations.waitingForCrd(plan.integrations())) {
      wakeUp = earliest(wakeUp, crds.recheckInterval());
    }
    if (seen.waitsForSecret()) {
      wakeUp = earliest(wakeUp, ReferencedSecrets.MISSING_RECHECK);
    }
    // Nothing watches someone else's object: whether it was deleted or handed over is seen by
    // trying again, as soon (and as seldom) as a missing CRD is looked for.
    if (applied.children().stream().anyMatch(ChildIssue::notOwned)) {
      wakeUp = earliest(wakeUp, crds.recheckInterval());
    }
    // Progress the status throttle held back is written when its interval ends.
    if (reported.progressLater().isPresent()) {
      wakeUp = earliest(wakeUp, reported.progressLater().get());
    }
    if (wakeUp.isPresent() && resync.isPresent()) {
      wakeUp = earliest(wakeUp, resync.get());
    }
    UpdateControl<AmsInstance> control = UpdateControl.noUpdate();
    return wakeUp.map(control::rescheduleAfter).orElse(control);
  }

  /** The sooner of the wake-up asked for so far, if any, and {@code other}. */
  private static Optional<Duration> earliest(Optional<Duration> wakeUp, Duration other) {
    return Optional.of(wakeUp.filter(d -> d.compareTo(other) < 0).orElse(other));
  }
}
