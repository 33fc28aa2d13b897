package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The backup CronJob (Managed PostgreSQL with backups on). */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=backup",
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class BackupCronJobDependent
    extends InstanceBulkDependent<CronJob, BackupCronJobDependent.Inputs> {

  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public BackupCronJobDependent() {
    super(CronJob.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, CronJob> build(Inputs inputs) {
    return Stack.backupCronJobs(inputs.model());
  }
}
