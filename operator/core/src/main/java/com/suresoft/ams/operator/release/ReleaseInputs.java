package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the planner decides from; nothing else (no client, clock or environment).
 *
 * @param model the instance with its spec resolved by {@code TierDefaults}
 * @param status the current {@code status.release}; {@code null} before the first reconcile
 * @param slots the observed Deployments and HPA replica counts of web, API and worker
 * @param migration the Job {@code <name>-migrate-<candidate version>}
 * @param smokeCheck the smoke-check Job of the candidate version
 * @param analysis the result of a metric check run for this reconcile, if one was due
 * @param annotations the instance's annotations (action tokens are read from them)
 * @param paused {@code spec.paused}: the release stands still (timers stop), but an abort is
 *     honoured and traffic is still taken off pods that become unready
 * @param runningMigrations migration Jobs of this instance for other versions that are still
 *     running: a migration is never killed halfway, so a new one waits for them
 * @param now the time of this decision
 */
public record ReleaseInputs(
    InstanceModel model,
    ReleaseStatus status,
    ObservedSlots slots,
    JobObservation migration,
    JobObservation smokeCheck,
    Optional<AnalysisResult> analysis,
    Map<String, String> annotations,
    boolean paused,
    List<String> runningMigrations,
    Instant now) {

  public ReleaseInputs {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(now, "now");
    slots = slots == null ? ObservedSlots.NONE : slots;
    migration = migration == null ? JobObservation.ABSENT : migration;
    smokeCheck = smokeCheck == null ? JobObservation.ABSENT : smokeCheck;
    analysis = analysis == null ? Optional.empty() : analysis;
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    runningMigrations = runningMigrations == null ? List.of() : List.copyOf(runningMigrations);
  }
}
