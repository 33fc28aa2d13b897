package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The Ingress {@code <name>-ingress} and, while an nginx-routed canary takes traffic, {@code
 * <name>-ingress-canary}; a set, so that {@code enabled: false} or the end of a canary deletes
 * them.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=ingress"))
public class AppIngressDependent extends InstanceBulkDependent<Ingress> {

  public AppIngressDependent() {
    super(Ingress.class, Reads.MODEL_AND_ROUTING);
  }

  @Override
  protected Map<String, Ingress> desiredByName(ReconcileInputs inputs) {
    return Stack.ingresses(inputs.model(), inputs.routing());
  }
}
