package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The ExternalSecret {@code <name>-secrets} (provider ExternalSecrets) in {@code
 * external-secrets.io/v1}; a set of zero or one, so that switching back to Generated deletes it
 * (the Secret it filled stays, see {@link ExternalSecrets}). {@link V1beta1} writes it where an
 * older ESO serves only v1beta1; their activation conditions keep at most one of them on.
 */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR,
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class ExternalSecretDependent extends GenericBulkDependent<ExternalSecretDependent.Inputs> {
  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public ExternalSecretDependent() {
    this("v1");
  }

  ExternalSecretDependent(String version) {
    super(OptionalCrd.EXTERNAL_SECRET.apiVersion(version), ExternalSecrets.KIND);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, GenericKubernetesResource> build(Inputs inputs) {
    return Stack.externalSecrets(inputs.model(), groupVersionKind().apiVersion());
  }

  /** The same ExternalSecret in {@code external-secrets.io/v1beta1}, for ESO before 0.16. */
  @KubernetesDependent(
      informer =
          @Informer(
              itemStore = LeanStore.WithoutStatus.class,
              labelSelector = Labels.MANAGED_SELECTOR,
              onUpdateFilter = RelevantChanges.NotStatus.class))
  public static class V1beta1 extends ExternalSecretDependent {
    public V1beta1() {
      super("v1beta1");
    }
  }
}
