package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;

/**
 * The input of every builder: an instance's name and namespace and its fully defaulted spec.
 * Builders take this (and explicit extra inputs), never a client, context, clock or environment.
 */
public record InstanceModel(String name, String namespace, AmsInstanceSpec spec) {

  public static InstanceModel of(AmsInstance instance) {
    return new InstanceModel(
        instance.getMetadata().getName(),
        instance.getMetadata().getNamespace(),
        TierDefaults.resolve(instance.getSpec()));
  }

  public ResourceNames names() {
    return new ResourceNames(name);
  }
}
