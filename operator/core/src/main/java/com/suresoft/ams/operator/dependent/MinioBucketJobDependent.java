package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The bucket Job. Kept after it finished (no TTL), so it runs once per bucket list; a Job for an
 * older list drops out of the set and is deleted. (A finished Job from before the bucket Job had
 * its own component label, {@code minio} then, is outside this informer and stays until the
 * instance is deleted; its finished pod is no endpoint of the MinIO Service.)
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=buckets"))
public class MinioBucketJobDependent
    extends InstanceBulkDependent<Job, MinioBucketJobDependent.Inputs> {

  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public MinioBucketJobDependent() {
    super(Job.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, Job> build(Inputs inputs) {
    return Stack.bucketJobs(inputs.model());
  }
}
