package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.status.DataIssue;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Apply} did.
 *
 * @param failure the write that failed, if one did: the status names it, then it is thrown for
 *     JOSDK to retry with backoff
 * @param children the children left alone because they are someone else's, then those whose write
 *     failed
 * @param volumeIssues the volumes that could not grow, and why
 * @param workflowRan whether the managed workflow ran to its end
 */
record Applied(
    Optional<RuntimeException> failure,
    List<ChildIssue> children,
    List<DataIssue> volumeIssues,
    boolean workflowRan) {

  /** A pass that applies nothing (invalid or paused). */
  static final Applied NOTHING = new Applied(Optional.empty(), List.of(), List.of(), false);
}
