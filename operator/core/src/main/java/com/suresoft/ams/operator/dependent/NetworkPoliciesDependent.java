package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The instance's NetworkPolicies (the only set of that kind, so all managed ones are its own). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPoliciesDependent extends InstanceBulkDependent<NetworkPolicy> {
  public NetworkPoliciesDependent() {
    super(NetworkPolicy.class, Reads.MODEL);
  }

  @Override
  protected Map<String, NetworkPolicy> desiredByName(ReconcileInputs inputs) {
    return Stack.networkPolicies(inputs.model());
  }
}
