package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.cache.InSyncMemo;
import com.suresoft.ams.operator.controller.actions.ReleaseJobRunner;
import com.suresoft.ams.operator.controller.actions.ReplicaHandover;
import com.suresoft.ams.operator.controller.actions.VolumeGrowth;
import com.suresoft.ams.operator.dependent.ChildWrites;
import com.suresoft.ams.operator.dependent.ReconcileInputs;
import com.suresoft.ams.operator.dependent.TlsIssuing;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.security.EcKeyPairs;
import com.suresoft.ams.operator.status.ChildIssue;
import com.suresoft.ams.operator.status.DataIssue;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link PassPlan}: the replica handover before the workflow, the managed workflow
 * (the dependents, in their order), then the writes that are no dependent's: the release Jobs and
 * the volume growth. A failed write does not escape: it is kept in {@link Applied} so that the
 * status names it before it is thrown for JOSDK's retry.
 */
final class Apply {
  private static final Logger log = LoggerFactory.getLogger(Apply.class);

  private final SecretValueGenerator secretValues;
  private final Clock clock;
  private final EcKeyPairs tlsKeys;
  private final VolumeGrowth volumes;

  /** Which sets are in sync with what they were last built from; shared by every pass. */
  private final InSyncMemo sets;

  Apply(
      SecretValueGenerator secretValues,
      Clock clock,
      EcKeyPairs tlsKeys,
      VolumeGrowth volumes,
      InSyncMemo sets) {
    this.sets = sets;
    this.secretValues = secretValues;
    this.clock = clock;
    this.tlsKeys = tlsKeys;
    this.volumes = volumes;
  }

  Applied run(
      AmsInstance instance,
      Context<AmsInstance> context,
      Verdict verdict,
      Snapshot seen,
      PassPlan plan) {
    if (!verdict.applies()) {
      return Applied.NOTHING;
    }
    var model = verdict.model();
    var client = context.getClient();
    var writes = ChildWrites.startPass(context);
    boolean workflowRan = false;
    List<DataIssue> volumeIssues = List.of();
    RuntimeException failure = null;
    try {
      ReplicaHandover.prepare(
          client,
          AmsInstanceReconciler.NAME,
          model.names(),
          plan.release().appTier(),
          seen.appDeployments());
      runWorkflow(context, model, seen, plan);
      workflowRan = true;
      if (plan.rotate()) {
        log.info(
            "{}/{}: rotated the JWT secrets for token {}",
            model.namespace(),
            model.name(),
            plan.rotation().orElseThrow());
      }
      // A migration needs the database; until it is ready the release waits in Migrating.
      if (seen.data().ready()) {
        @SuppressWarnings("unchecked")
        var jobCache =
            (InformerEventSource<Job, AmsInstance>)
                context
                    .eventSourceRetriever()
                    .getEventSourceFor(Job.class, AmsInstanceReconciler.RELEASE_JOBS);
        ReleaseJobRunner.run(
            client,
            instance,
            model,
            plan.release().jobs(),
            seen.releaseJobs(),
            job -> jobCache.handleRecentResourceCreate(ResourceID.fromResource(job), job),
            writes);
      }
      var stable = plan.release().status();
      if (stable.getPhase() == ReleasePhase.Stable && stable.getStableVersion() != null) {
        ReleaseJobRunner.prune(
            client, stable.getStableVersion(), plan.release().jobs(), seen.releaseJobs());
      }
      volumeIssues = volumes.grow(model.namespace(), plan.growth());
    } catch (RuntimeException e) {
      failure = e;
    }
    var children = new ArrayList<ChildIssue>(writes.notOwned());
    if (failure != null) {
      children.addAll(FailedWrites.of(failure));
    }
    return new Applied(Optional.ofNullable(failure), children, volumeIssues, workflowRan);
  }

  /**
   * The dependents get this pass's decisions through the workflow context (JOSDK creates them, so
   * they have no constructor to take them), then the workflow applies them in its order.
   */
  private void runWorkflow(
      Context<AmsInstance> context, InstanceModel model, Snapshot seen, PassPlan plan) {
    new ReconcileInputs(
            model,
            plan.routed(),
            secretValues,
            seen.served(),
            plan.rotate(),
            plan.data(),
            seen.data().ready())
        .putInto(context);
    new TlsIssuing(clock.instant(), tlsKeys).putInto(context);
    sets.putInto(context);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
  }
}
