package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.cache.StorePerInformer;
import com.suresoft.ams.operator.events.ByInstanceLabel;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.JwtRotation;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
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
        @Informer(
            itemStore = LeanStore.class,
            labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=secrets"))
public class AppSecretDependent extends KubernetesDependentResource<Secret, AmsInstance>
    implements Creator<Secret, AmsInstance>,
        Updater<Secret, AmsInstance>,
        SecondaryToPrimaryMapper<Secret>,
        BuiltFrom<AppSecretDependent.Inputs, Secret> {

  /** The dependent's (and its informer's) name in the workflow. */
  public static final String NAME = "secret";

  /**
   * What the Secret is built from: the resolved spec (which keys), whether to rotate the JWT
   * secrets now, where new values come from, and the values it has (never regenerated: a
   * regenerated password locks the app out of its data). Not memoised: a single object, compared by
   * JOSDK.
   */
  public record Inputs(
      InstanceModel model,
      boolean rotateJwt,
      SecretValueGenerator generator,
      Map<String, String> existing) {
    public Inputs {
      existing = Collections.unmodifiableMap(existing);
    }
  }

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

  /**
   * Writes the Secret unless one of its name exists that is not the instance's: labelled for
   * another instance (then the cache has it), or not labelled at all (then the create finds it, see
   * {@link ForeignObjects}). Such a Secret is neither written nor read; the set is not ready, so
   * nothing that would read it starts.
   */
  @Override
  public ReconcileResult<Secret> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    if (ExternalSecrets.enabled(ReconcileInputs.from(context).model())) {
      return ReconcileResult.noOperation(getSecondaryResource(primary, context).orElse(null));
    }
    return ForeignObjects.reconcileSingle(
        this,
        getSecondaryResource(primary, context),
        primary,
        context,
        false,
        () -> super.reconcile(primary, context));
  }

  @Override
  public Secret create(Secret desired, AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.create(
        context.getClient(),
        desired,
        primary,
        false,
        Optional.empty(),
        () -> super.create(desired, primary, context),
        // Handed over: its values are kept, as for the instance's own Secret (a regenerated
        // password locks the app out of its data).
        existing -> super.update(existing, desired(existing, context), primary, context));
  }

  @Override
  public Secret update(
      Secret actual, Secret desired, AmsInstance primary, Context<AmsInstance> context) {
    try {
      return super.update(actual, desired, primary, context);
    } catch (KubernetesClientException e) {
      throw new ChildApplyException("Secret", desired.getMetadata().getName(), e);
    }
  }

  @Override
  protected Secret desired(AmsInstance primary, Context<AmsInstance> context) {
    return build(inputs(ReconcileInputs.from(context), primary, context));
  }

  /** The Secret as it should be, keeping the values of {@code existing} (null: none yet). */
  private Secret desired(Secret existing, Context<AmsInstance> context) {
    return build(inputs(ReconcileInputs.from(context), existing));
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    // From this dependent's own informer: the reconciler watches other Secrets too (External
    // modes, CloudNativePG), so a lookup by type alone would be ambiguous.
    return inputs(pass, eventSource().flatMap(es -> es.getSecondaryResource(primary)).orElse(null));
  }

  private static Inputs inputs(ReconcileInputs pass, Secret existing) {
    return new Inputs(
        pass.model(), pass.rotateJwt(), pass.secretValues(), AppSecret.decode(existing));
  }

  @Override
  public Secret build(Inputs inputs) {
    var values = inputs.existing();
    if (inputs.rotateJwt()) {
      values = JwtRotation.forget(values);
    }
    return Stack.appSecret(inputs.model(), values, inputs.generator());
  }

  /** The instance a Secret belongs to, by its instance label (ESO's Secret has no annotations). */
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Secret secret) {
    return ByInstanceLabel.primaryOf(secret);
  }

  /** JOSDK's informer, as a lean one ({@link StorePerInformer#informer}). */
  @Override
  protected InformerEventSource<Secret, AmsInstance> createEventSource(
      EventSourceContext<AmsInstance> context) {
    var source = StorePerInformer.informer(super.createEventSource(context), context);
    setEventSource(source);
    return source;
  }
}
