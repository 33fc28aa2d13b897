package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowCleanupResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JOSDK {@link Context} with only a client and a workflow context, whose workflow runs {@code
 * workflow} instead of dependents: enough for the steps that hand decisions to the workflow. Any
 * other call fails, so a step that reaches further shows in its test.
 */
final class FakeContext implements ManagedWorkflowAndDependentResourceContext {
  private final Map<Object, Object> values = new HashMap<>();
  private final Runnable workflow;
  int workflowRuns;

  private FakeContext(Runnable workflow) {
    this.workflow = workflow;
  }

  /** A workflow context whose workflow runs {@code workflow}; {@link #with} makes the context. */
  static FakeContext workflow(Runnable workflow) {
    return new FakeContext(workflow);
  }

  @SuppressWarnings("unchecked")
  Context<AmsInstance> with(KubernetesClient client) {
    return (Context<AmsInstance>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getClient" -> client;
                  case "managedWorkflowAndDependentResourceContext" -> this;
                  case "toString" -> "FakeContext";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Override
  public <T> Optional<T> get(Object key, Class<T> expectedType) {
    return Optional.ofNullable(values.get(key)).map(expectedType::cast);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T put(Object key, T value) {
    return (T) values.put(key, value);
  }

  @Override
  public <T> T getMandatory(Object key, Class<T> expectedType) {
    return get(key, expectedType).orElseThrow();
  }

  @Override
  public Optional<WorkflowReconcileResult> getWorkflowReconcileResult() {
    return Optional.empty();
  }

  @Override
  public Optional<WorkflowCleanupResult> getWorkflowCleanupResult() {
    return Optional.empty();
  }

  @Override
  public WorkflowReconcileResult reconcileManagedWorkflow() {
    workflowRuns++;
    workflow.run();
    return null;
  }

  @Override
  public WorkflowCleanupResult cleanupManageWorkflow() {
    throw new UnsupportedOperationException();
  }
}
