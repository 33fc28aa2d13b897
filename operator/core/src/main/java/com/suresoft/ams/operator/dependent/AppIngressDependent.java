package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.rollout.RoutingIntent;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The Ingress {@code <name>-ingress} and, while an nginx-routed canary takes traffic, {@code
 * <name>-ingress-canary}; a set, so that {@code enabled: false} or the end of a canary deletes
 * them.
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=ingress",
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class AppIngressDependent
    extends InstanceBulkDependent<Ingress, AppIngressDependent.Inputs> {

  /** What the objects are built from: the resolved spec and where traffic goes. */
  public record Inputs(InstanceModel model, RoutingIntent routing) {}

  public AppIngressDependent() {
    super(Ingress.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model(), pass.routing());
  }

  @Override
  public Map<String, Ingress> build(Inputs inputs) {
    return Stack.ingresses(inputs.model(), inputs.routing());
  }
}
