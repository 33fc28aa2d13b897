package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The web and API Services, the stable Services of an HTTPRoute and, during a release, the preview
 * (blue-green) and canary (nginx, Gateway API) Services: one set, because they share kind and
 * labels and a second set would delete the first's.
 */
@KubernetesDependent(
    informer = @Informer(itemStore = LeanStore.class, labelSelector = Labels.APP_TIER_SELECTOR))
public class AppServicesDependent
    extends InstanceBulkDependent<Service, AppServicesDependent.Inputs> {

  /** What the objects are built from: the resolved spec and where traffic goes. */
  public record Inputs(InstanceModel model, RoutingIntent routing) {}

  public AppServicesDependent() {
    super(Service.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.routing());
  }

  @Override
  public Map<String, Service> build(Inputs inputs) {
    return Stack.appServices(inputs.model(), inputs.routing());
  }
}
