package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The PgBouncer Deployment; a set of zero or one, so switching the pooler off deletes it. */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=pgbouncer"),
    matcher = EnvFromSecretMatcher.class)
public class PgBouncerDependent
    extends InstanceBulkDependent<Deployment, PgBouncerDependent.Inputs> {

  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public PgBouncerDependent() {
    super(Deployment.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, Deployment> build(Inputs inputs) {
    return Stack.pgBouncer(inputs.model());
  }
}
