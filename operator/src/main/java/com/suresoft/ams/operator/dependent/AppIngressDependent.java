package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.app.AppIngress;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The Ingress {@code <name>-ingress}; a set of zero or one, so that {@code enabled: false} deletes
 * it. (Canary Ingresses of a release will be their own set.)
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=ingress"))
public class AppIngressDependent extends InstanceBulkDependent<Ingress> {

  public AppIngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected Map<String, Ingress> desiredByName(ReconcileInputs inputs) {
    return AppIngress.desired(inputs.model())
        .map(i -> Map.of(i.getMetadata().getName(), i))
        .orElse(Map.of());
  }
}
