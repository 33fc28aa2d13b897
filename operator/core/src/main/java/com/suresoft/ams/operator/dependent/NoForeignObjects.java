package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready postcondition of a set that others depend on: not ready while it left out an object of
 * someone else's ({@link ChildWrites}), so that what depends on it waits rather than points at that
 * object (an Ingress at someone else's Service, a Deployment at someone else's Secret). What does
 * not depend on it goes on.
 */
public class NoForeignObjects implements Condition<Object, AmsInstance> {
  @Override
  public boolean isMet(
      DependentResource<Object, AmsInstance> dependentResource,
      AmsInstance primary,
      Context<AmsInstance> context) {
    return !ChildWrites.of(context).isIncomplete(dependentResource);
  }
}
