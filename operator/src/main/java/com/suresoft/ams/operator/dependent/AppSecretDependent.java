package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The Secret {@code <name>-secrets}. Deliberately neither garbage-collected nor deletable: it holds
 * the passwords that open the data in the PVCs, which outlive the instance, so it carries no owner
 * reference and is never deleted by the operator. Server-side apply is switched on explicitly
 * (JOSDK leaves Secrets out of SSA by default).
 */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.TRUE,
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=secrets"))
public class AppSecretDependent extends KubernetesDependentResource<Secret, AmsInstance>
    implements Creator<Secret, AmsInstance>, Updater<Secret, AmsInstance> {

  public AppSecretDependent() {
    super(Secret.class);
  }

  /** The Secret's name is fixed, so selecting it needs no desired state (which reads it). */
  @Override
  protected ResourceID targetSecondaryResourceID(
      AmsInstance primary, Context<AmsInstance> context) {
    return new ResourceID(
        new ResourceNames(primary.getMetadata().getName()).secrets(),
        primary.getMetadata().getNamespace());
  }

  @Override
  protected Secret desired(AmsInstance primary, Context<AmsInstance> context) {
    var inputs = ReconcileInputs.from(context);
    // From this dependent's own informer: the reconciler watches other Secrets too (External
    // modes, CloudNativePG), so a lookup by type alone would be ambiguous.
    var existing = eventSource().flatMap(es -> es.getSecondaryResource(primary)).orElse(null);
    return AppSecret.desired(inputs.model(), AppSecret.decode(existing), inputs.secretValues());
  }
}
