package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.model.platform.Platform;
import com.suresoft.ams.operator.model.rollout.CanaryHeader;

/**
 * The input of every builder: an instance's name and namespace and its fully defaulted spec.
 * Builders take this (and explicit extra inputs), never a client, context, clock or environment.
 * {@code platform} is what the platform team decided for every instance (allow-lists, the
 * namespaces of the shared ingress controller and Prometheus).
 */
public record InstanceModel(
    String name, String namespace, AmsInstanceSpec spec, Platform platform) {

  /** A model under the platform's defaults. */
  public InstanceModel(String name, String namespace, AmsInstanceSpec spec) {
    this(name, namespace, spec, Platform.DEFAULTS);
  }

  public static InstanceModel of(AmsInstance instance) {
    return of(instance, Platform.DEFAULTS);
  }

  public static InstanceModel of(AmsInstance instance, Platform platform) {
    var spec = TierDefaults.resolve(instance.getSpec());
    CanaryHeader.resolve(instance, spec);
    return new InstanceModel(
        instance.getMetadata().getName(), instance.getMetadata().getNamespace(), spec, platform);
  }

  public ResourceNames names() {
    return new ResourceNames(name);
  }
}
