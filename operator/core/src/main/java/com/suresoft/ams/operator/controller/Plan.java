package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.data.DataVolumes;
import com.suresoft.ams.operator.model.rollout.JobState;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.JwtRotation;
import com.suresoft.ams.operator.release.AnalysisResult;
import com.suresoft.ams.operator.release.Observed;
import com.suresoft.ams.operator.release.ReleaseInputs;
import com.suresoft.ams.operator.release.ReleasePlan;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.release.analysis.BackgroundChecks;
import com.suresoft.ams.operator.status.Integrations;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the pass from the {@link Snapshot}: the release step (the pure {@link ReleasePlanner},
 * with a metric check's result when one is due and finished), the data tier's inputs and the claims
 * to grow, the integrations' conditions and a pending JWT rotation. Reads nothing else and writes
 * nothing; the metric checks themselves run on their own threads ({@link BackgroundChecks}).
 */
final class Plan {
  private static final Logger log = LoggerFactory.getLogger(Plan.class);

  private final Clock clock;
  private final BackgroundChecks candidateChecks;

  Plan(Clock clock, BackgroundChecks candidateChecks) {
    this.clock = clock;
    this.candidateChecks = candidateChecks;
  }

  PassPlan decide(AmsInstance instance, Verdict verdict, Snapshot seen) {
    if (!verdict.valid()) {
      return PassPlan.NONE;
    }
    var model = verdict.model();
    var release = release(instance, model, seen, verdict);
    if (!verdict.applies()) {
      return PassPlan.reportOnly(release);
    }
    var rotation =
        JwtRotation.pending(
            instance.getMetadata().getAnnotations(),
            instance.getStatus() == null ? null : instance.getStatus().getHandledTokens());
    return new PassPlan(
        release,
        routed(release, seen),
        DataTierInputs.of(model, DataVolumes.templateSizes(seen.dataStatefulSets())),
        Integrations.of(model, seen.served()),
        rotation,
        // Only generated secrets can be rotated; for ESO the token is recorded and ignored.
        rotation.isPresent() && !ExternalSecrets.enabled(model),
        DataVolumes.growth(model, seen.claims()));
  }

  /**
   * The release step. A paused instance is planned only to report its components, unless a release
   * is under way: that one holds still, but an abort and the routing off unready pods still apply.
   */
  private ReleasePlan release(
      AmsInstance instance, InstanceModel model, Snapshot seen, Verdict verdict) {
    var now = clock.instant();
    var current = instance.getStatus() == null ? null : instance.getStatus().getRelease();
    var names = model.names();
    // Every Job the planner looks at belongs to spec.version: a different version starts a new
    // release (or replaces the candidate) before any Job is consulted.
    String version = model.spec().getVersion();
    Optional<AnalysisResult> analysis = Optional.empty();
    if (!verdict.paused()
        && current != null
        && version.equals(current.getCandidateVersion())
        && ReleasePlanner.analysisDue(model, current, now)) {
      // Never waits: the check runs on an analysis thread, and until its result is in the planner
      // holds the step and asks again.
      analysis = candidateChecks.poll(model, current);
      analysis.ifPresent(
          result ->
              log.info(
                  "{}/{}: metric check of {}: {} ({})",
                  model.namespace(),
                  model.name(),
                  version,
                  result.outcome(),
                  result.message()));
    } else if (current == null || current.getCandidateVersion() == null) {
      // No release: a check still running (the release ended meanwhile) answers nothing anymore.
      candidateChecks.forget(model.namespace(), model.name());
    }
    var jobs = seen.releaseJobs();
    return ReleasePlanner.plan(
        new ReleaseInputs(
            model,
            current,
            seen.slots(),
            Observed.job(jobs, names.migrationJob(version)),
            Observed.job(jobs, names.smokeCheckJob(version)),
            analysis,
            verdict.applies() ? instance.getMetadata().getAnnotations() : Map.of(),
            verdict.paused(),
            runningMigrations(names, jobs, version),
            now));
  }

  /**
   * The release as the workflow applies it: Services select one slot where Istio is not installed
   * ({@link ReleasePlan#withoutMesh}), and the canary Services stay while a route still uses them.
   */
  static ReleasePlan routed(ReleasePlan release, Snapshot seen) {
    var routed = seen.served().usable(OptionalCrd.ISTIO) ? release : release.withoutMesh();
    if (routed.routing().candidateSlot() == null && seen.lingeringCanary().isPresent()) {
      routed =
          routed.withRouting(
              routed.routing().withLingeringCanaryServices(seen.lingeringCanary().get()));
    }
    return routed;
  }

  /** Migration Jobs of other versions still running: a new migration waits for them. */
  static List<String> runningMigrations(ResourceNames names, List<Job> jobs, String version) {
    String own = names.migrationJob(version);
    return jobs.stream()
        .filter(
            j ->
                Component.MIGRATION
                    .label()
                    .equals(j.getMetadata().getLabels().get(Labels.COMPONENT)))
        .filter(j -> !own.equals(j.getMetadata().getName()))
        .filter(j -> Observed.state(j) == JobState.RUNNING)
        .map(j -> j.getMetadata().getName())
        .sorted()
        .toList();
  }
}
