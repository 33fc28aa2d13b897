package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The instance's NetworkPolicies (the only set of that kind, so all managed ones are its own). */
@KubernetesDependent(
    informer = @Informer(itemStore = LeanStore.class, labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPoliciesDependent
    extends InstanceBulkDependent<NetworkPolicy, NetworkPoliciesDependent.Inputs> {
  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public NetworkPoliciesDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, NetworkPolicy> build(Inputs inputs) {
    return Stack.networkPolicies(inputs.model());
  }
}
