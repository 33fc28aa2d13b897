package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.events.RelevantChanges;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** cert-manager's Certificates of the data tier: the CA and one per server ({@link DataTls}). */
@KubernetesDependent(
    informer =
        @Informer(
            itemStore = LeanStore.WithoutStatus.class,
            labelSelector = Labels.MANAGED_SELECTOR,
            onUpdateFilter = RelevantChanges.NotStatus.class))
public class CertificatesDependent extends GenericBulkDependent<CertificatesDependent.Inputs> {
  /** What the objects are built from: the resolved spec alone. */
  public record Inputs(InstanceModel model) {}

  public CertificatesDependent() {
    super(DataTls.API_VERSION, DataTls.CERTIFICATE);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    return new Inputs(pass.model());
  }

  @Override
  public Map<String, GenericKubernetesResource> build(Inputs inputs) {
    return Stack.certificates(inputs.model());
  }

  /** cert-manager's Issuers of the data tier: the self-signed bootstrap and the CA Issuer. */
  @KubernetesDependent(
      informer =
          @Informer(
              itemStore = LeanStore.WithoutStatus.class,
              labelSelector = Labels.MANAGED_SELECTOR,
              onUpdateFilter = RelevantChanges.NotStatus.class))
  public static class Issuers extends GenericBulkDependent<CertificatesDependent.Inputs> {
    public Issuers() {
      super(DataTls.API_VERSION, DataTls.ISSUER);
    }

    @Override
    public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
      return new Inputs(pass.model());
    }

    @Override
    public Map<String, GenericKubernetesResource> build(Inputs inputs) {
      return Stack.issuers(inputs.model());
    }
  }
}
