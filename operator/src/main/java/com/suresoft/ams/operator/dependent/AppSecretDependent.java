package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.JwtRotation;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/**
 * The Secret {@code <name>-secrets}. Deliberately neither garbage-collected nor deletable: it holds
 * the passwords that open the data in the PVCs, which outlive the instance, so it carries no owner
 * reference and is never deleted by the operator. Server-side apply is switched on explicitly
 * (JOSDK leaves Secrets out of SSA by default).
 *
 * <p>With provider ExternalSecrets it stands aside: the External Secrets Operator writes the
 * Secret, this dependent writes nothing (and deletes nothing) but its informer still watches the
 * Secret, mapped to the instance by label, so that a rotation by ESO rolls the pods.
 */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.TRUE,
    informer =
        @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=secrets"))
public class AppSecretDependent extends KubernetesDependentResource<Secret, AmsInstance>
    implements Creator<Secret, AmsInstance>,
        Updater<Secret, AmsInstance>,
        SecondaryToPrimaryMapper<Secret> {

  /** The dependent's (and its informer's) name in the workflow. */
  public static final String NAME = "secret";

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
  public ReconcileResult<Secret> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    if (ExternalSecrets.enabled(ReconcileInputs.from(context).model())) {
      return ReconcileResult.noOperation(getSecondaryResource(primary, context).orElse(null));
    }
    return super.reconcile(primary, context);
  }

  @Override
  protected Secret desired(AmsInstance primary, Context<AmsInstance> context) {
    var inputs = ReconcileInputs.from(context);
    // From this dependent's own informer: the reconciler watches other Secrets too (External
    // modes, CloudNativePG), so a lookup by type alone would be ambiguous.
    var existing =
        AppSecret.decode(
            eventSource().flatMap(es -> es.getSecondaryResource(primary)).orElse(null));
    if (inputs.rotateJwt()) {
      existing = JwtRotation.forget(existing);
    }
    return AppSecret.desired(inputs.model(), existing, inputs.secretValues());
  }

  /** The instance a Secret belongs to, by its instance label (ESO's Secret has no annotations). */
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Secret secret) {
    var labels = secret.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(Labels.INSTANCE);
    return instance == null
        ? Set.of()
        : Set.of(new ResourceID(instance, secret.getMetadata().getNamespace()));
  }
}
