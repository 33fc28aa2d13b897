package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.security.KeyPair;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What the operator's own certificate issuing needs beyond the spec, handed to {@link
 * DataTlsSecretsDependent} through the workflow context like {@link ReconcileInputs}: the time of
 * this reconciliation (certificates are renewed before they end) and a source of new key pairs.
 */
public record TlsIssuing(Instant now, Supplier<KeyPair> keys) {
  private static final String KEY = TlsIssuing.class.getName();

  public void putInto(Context<AmsInstance> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public static TlsIssuing from(Context<AmsInstance> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, TlsIssuing.class);
  }
}
