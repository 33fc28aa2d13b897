package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/** Writes an instance's status; an interface so that the status steps are tested without JOSDK. */
@FunctionalInterface
interface StatusWriter {
  void write(AmsInstance instance, AmsInstanceStatus status);

  /**
   * Writes the status by server-side apply and puts the result into the operator's cache, so the
   * next reconcile starts from this status even before the watch delivers it. The release state
   * lives in the status; planning from an older copy could repeat or undo a step.
   */
  static StatusWriter serverSideApply(Context<AmsInstance> context) {
    return (instance, status) -> {
      var fresh = new AmsInstance();
      fresh.setMetadata(
          new ObjectMetaBuilder()
              .withName(instance.getMetadata().getName())
              .withNamespace(instance.getMetadata().getNamespace())
              .build());
      fresh.setStatus(status);
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, fresh, context);
      instance.setStatus(status);
    };
  }
}
