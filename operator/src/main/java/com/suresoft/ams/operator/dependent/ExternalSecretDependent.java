package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The ExternalSecret {@code <name>-secrets} (provider ExternalSecrets); a set of zero or one, so
 * that switching back to Generated deletes it (the Secret it filled stays, see {@link
 * ExternalSecrets}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ExternalSecretDependent extends GenericBulkDependent {
  public ExternalSecretDependent() {
    super(ExternalSecrets.API_VERSION, ExternalSecrets.KIND, Reads.MODEL);
  }

  @Override
  protected Map<String, GenericKubernetesResource> desiredByName(ReconcileInputs inputs) {
    return ExternalSecrets.desired(inputs.model())
        .map(r -> Map.of(r.getMetadata().getName(), r))
        .orElse(Map.of());
  }
}
