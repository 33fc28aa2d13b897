package com.suresoft.ams.operator.controller.crds;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.dependent.ReconcileInputs;
import com.suresoft.ams.operator.model.OptionalCrd;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activation condition of a dependent of another operator's kind in one version: met while its CRD
 * is installed and that version is the one the operator writes there (the newest served it knows,
 * {@link com.suresoft.ams.operator.model.ServedVersions}). A kind written in two versions has a
 * dependent per version, at most one of them active, so its informer watches a version the cluster
 * serves: an informer on an unserved version would fail. It reads the reconciliation's snapshot
 * ({@link ReconcileInputs#served()}), so it makes no API call and agrees with the condition the
 * status reports. JOSDK leaves the objects of a deactivated dependent in place, so a switch of
 * version (an upgrade of the other operator) re-applies them in the new version, not deletes them.
 */
public abstract class CrdInstalled implements Condition<Object, AmsInstance> {
  private final OptionalCrd crd;
  private final String version;

  protected CrdInstalled(OptionalCrd crd, String version) {
    this.crd = crd;
    this.version = version;
  }

  /** The CRD in the newest version the operator writes (kinds written in one version). */
  protected CrdInstalled(OptionalCrd crd) {
    this(crd, crd.versions().get(0));
  }

  @Override
  public boolean isMet(
      DependentResource<Object, AmsInstance> dependentResource,
      AmsInstance primary,
      Context<AmsInstance> context) {
    return ReconcileInputs.from(context).served().chosen(crd).filter(version::equals).isPresent();
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

  /** The ExternalSecret CRD, served in v1 (ESO 0.16 and later). */
  public static final class ExternalSecretsV1 extends CrdInstalled {
    public ExternalSecretsV1() {
      super(OptionalCrd.EXTERNAL_SECRET, "v1");
    }
  }

  /** Gateway API's HTTPRoute CRD, served in v1. */
  public static final class HttpRoutes extends CrdInstalled {
    public HttpRoutes() {
      super(OptionalCrd.HTTP_ROUTE, "v1");
    }
  }

  /** The ExternalSecret CRD, served in v1beta1 only (ESO before 0.16). */
  public static final class ExternalSecretsV1beta1 extends CrdInstalled {
    public ExternalSecretsV1beta1() {
      super(OptionalCrd.EXTERNAL_SECRET, "v1beta1");
    }
  }

  /** Istio's networking CRDs (VirtualService, DestinationRule), served in v1 (Istio 1.22+). */
  public static final class IstioV1 extends CrdInstalled {
    public IstioV1() {
      super(OptionalCrd.ISTIO, "v1");
    }
  }

  /** Istio's networking CRDs, served in v1beta1 only (Istio before 1.22). */
  public static final class IstioV1beta1 extends CrdInstalled {
    public IstioV1beta1() {
      super(OptionalCrd.ISTIO, "v1beta1");
    }
  }

  /** cert-manager's Certificate and Issuer CRDs, served in v1. */
  public static final class CertManager extends CrdInstalled {
    public CertManager() {
      super(OptionalCrd.CERT_MANAGER, "v1");
    }
  }

  /**
   * CloudNativePG's Cluster CRD. The CRD alone, not the instance's mode: the mode differs between
   * instances, and JOSDK would stop the informer for every instance in another mode (see {@link
   * com.suresoft.ams.operator.dependent.CloudNativePgDependent}).
   */
  public static final class CloudNativePg extends CrdInstalled {
    public CloudNativePg() {
      super(OptionalCrd.CNPG_CLUSTER);
    }
  }
}
