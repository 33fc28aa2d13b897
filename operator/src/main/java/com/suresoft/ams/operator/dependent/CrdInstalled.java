package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.OptionalCrd;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activation condition of a dependent of another operator's kind: met while its CRD is installed.
 * It reads the reconciliation's snapshot of installed CRDs ({@link ReconcileInputs#installed()}),
 * so it makes no API call and agrees with the condition the status reports.
 */
public abstract class CrdInstalled implements Condition<GenericKubernetesResource, AmsInstance> {
  private final OptionalCrd crd;

  protected CrdInstalled(OptionalCrd crd) {
    this.crd = crd;
  }

  @Override
  public boolean isMet(
      DependentResource<GenericKubernetesResource, AmsInstance> dependentResource,
      AmsInstance primary,
      Context<AmsInstance> context) {
    return ReconcileInputs.from(context).installed().contains(crd);
  }

  /** The ServiceMonitor CRD. */
  public static final class ServiceMonitors extends CrdInstalled {
    public ServiceMonitors() {
      super(OptionalCrd.SERVICE_MONITOR);
    }
  }

  /** The PrometheusRule CRD. */
  public static final class PrometheusRules extends CrdInstalled {
    public PrometheusRules() {
      super(OptionalCrd.PROMETHEUS_RULE);
    }
  }

  /** The ExternalSecret CRD. */
  public static final class ExternalSecrets extends CrdInstalled {
    public ExternalSecrets() {
      super(OptionalCrd.EXTERNAL_SECRET);
    }
  }

  /** Gateway API's HTTPRoute CRD. */
  public static final class HttpRoutes extends CrdInstalled {
    public HttpRoutes() {
      super(OptionalCrd.HTTP_ROUTE);
    }
  }

  /** Istio's networking CRDs (VirtualService, DestinationRule). */
  public static final class Istio extends CrdInstalled {
    public Istio() {
      super(OptionalCrd.ISTIO);
    }
  }
}
