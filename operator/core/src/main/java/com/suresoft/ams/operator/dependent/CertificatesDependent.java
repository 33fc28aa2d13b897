package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** cert-manager's Certificates of the data tier: the CA and one per server ({@link DataTls}). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class CertificatesDependent extends GenericBulkDependent {
  public CertificatesDependent() {
    super(DataTls.API_VERSION, DataTls.CERTIFICATE, Reads.MODEL);
  }

  @Override
  protected Map<String, GenericKubernetesResource> desiredByName(ReconcileInputs inputs) {
    return Stack.certificates(inputs.model());
  }

  /** cert-manager's Issuers of the data tier: the self-signed bootstrap and the CA Issuer. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class Issuers extends GenericBulkDependent {
    public Issuers() {
      super(DataTls.API_VERSION, DataTls.ISSUER, Reads.MODEL);
    }

    @Override
    protected Map<String, GenericKubernetesResource> desiredByName(ReconcileInputs inputs) {
      return Stack.issuers(inputs.model());
    }
  }
}
