package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The backup CronJob (Managed PostgreSQL with backups on). */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=backup"))
public class BackupCronJobDependent extends InstanceBulkDependent<CronJob> {

  public BackupCronJobDependent() {
    super(CronJob.class, Reads.MODEL);
  }

  @Override
  protected Map<String, CronJob> desiredByName(ReconcileInputs inputs) {
    return Stack.backupCronJobs(inputs.model());
  }
}
