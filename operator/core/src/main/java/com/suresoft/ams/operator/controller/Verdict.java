package com.suresoft.ams.operator.controller;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.model.InstanceModel;
import java.util.List;

/**
 * What {@link Validate} found, and so what this pass may do.
 *
 * @param errors the spec's errors; none: {@code model} is the resolved spec
 * @param model {@code null} when there are errors
 * @param paused {@code spec.paused}
 * @param holdsRelease paused while a release is under way: that release holds still, but an abort
 *     and taking traffic off unready pods still apply, so the pass applies
 */
record Verdict(List<FieldError> errors, InstanceModel model, boolean paused, boolean holdsRelease) {

  boolean valid() {
    return errors.isEmpty();
  }

  /**
   * Whether the pass changes anything: an invalid instance never does (nothing that runs is
   * changed), a paused one only while it holds a release. Otherwise it is planned only to report.
   */
  boolean applies() {
    return valid() && (!paused || holdsRelease);
  }
}
