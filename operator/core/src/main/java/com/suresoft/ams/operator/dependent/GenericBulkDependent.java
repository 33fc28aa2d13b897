package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;

/**
 * A set of objects of another operator's kind (ServiceMonitor, PrometheusRule, ExternalSecret),
 * handled as {@link GenericKubernetesResource}s so that the operator needs no model of them. Such a
 * dependent is declared with an activation condition ({@link
 * com.suresoft.ams.operator.controller.crds.CrdInstalled}, the controller's workflow declares it):
 * JOSDK registers its informer only once the CRD exists, so a missing CRD never stops the operator
 * from starting.
 */
public abstract class GenericBulkDependent<I extends Record>
    extends InstanceBulkDependent<GenericKubernetesResource, I> {
  private final GroupVersionKind gvk;

  protected GenericBulkDependent(String apiVersion, String kind) {
    super(GenericKubernetesResource.class);
    this.gvk = new GroupVersionKind(apiVersion, kind);
  }

  /** The kind this dependent writes (for the RBAC check of the Helm chart). */
  public GroupVersionKind groupVersionKind() {
    return gvk;
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<GenericKubernetesResource>
      informerConfigurationBuilder(EventSourceContext<AmsInstance> context) {
    return InformerEventSourceConfiguration.from(gvk, context.getPrimaryResourceClass());
  }
}
