package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.cache.StorePerInformer;
import com.suresoft.ams.operator.cache.Versioned;
import com.suresoft.ams.operator.events.ByInstanceLabel;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The data tier's CA and server certificate Secrets the operator issues itself where cert-manager
 * is not installed ({@link GeneratedTls}); where it is, cert-manager writes the same Secrets from
 * the Certificates of {@link CertificatesDependent} and this set writes nothing.
 *
 * <p>Never deleted by the operator (no delete verb on Secrets). The CA Secret carries no owner
 * reference, so it outlives the instance like {@code <name>-secrets}: a re-created instance keeps
 * its CA, and clients that trust it keep working. The server Secrets are owned by the instance and
 * go with it (they are re-issued from the CA at any time).
 */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.TRUE,
    informer =
        @Informer(itemStore = LeanStore.class, labelSelector = DataTlsSecretsDependent.SELECTOR))
public class DataTlsSecretsDependent extends KubernetesDependentResource<Secret, AmsInstance>
    implements BulkDependentResource<Secret, AmsInstance, ResourceID>,
        Creator<Secret, AmsInstance>,
        Updater<Secret, AmsInstance>,
        SecondaryToPrimaryMapper<Secret>,
        BuiltFrom<DataTlsSecretsDependent.Inputs, Map<String, Secret>> {
  /** Component {@code tls} ({@link Component#TLS}); a constant, as annotations need. */
  static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=tls";

  /**
   * How often Secrets found good are checked again for their renewal date. Checking them (parse
   * each certificate, and where the CA's seal does not vouch for it, verify the CA's signature and
   * match the key: GeneratedTls.Ca#seal) costs up to a few milliseconds a certificate, and
   * reconciliations come many times a minute while an instance converges; the verdict changes only
   * with the Secrets (their versions are in the memo's key), the spec (which servers run, under
   * which names) or the clock passing a renewal date, which lies 30 days before the end
   * (GeneratedTls.RENEW_BEFORE), so an hour late is on time.
   */
  static final Duration RECHECK = Duration.ofHours(1);

  /**
   * What the Secrets are built from: the resolved spec (which servers, under which names), the
   * Secrets as they are (a certificate still good is kept; compared by version), the time of the
   * check (compared by the hour) and where new key pairs come from (the reconciler's one source,
   * compared by identity).
   */
  public record Inputs(
      InstanceModel model, Versioned<Secret> existing, CheckTime now, Supplier<KeyPair> keys) {

    /** The same inputs over the Secrets as a pass left them: for the memo's key only. */
    Inputs withExisting(Collection<Secret> secrets) {
      return new Inputs(model, Versioned.versionsOf(secrets), now, keys);
    }
  }

  /**
   * The time a check runs at, equal to every other time in the same {@link #RECHECK} period: a
   * renewal falls due at most that late (see there), and the certificates are not checked again on
   * every pass within it.
   */
  public record CheckTime(Instant instant) {
    private long period() {
      return instant.getEpochSecond() / RECHECK.toSeconds();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CheckTime other && other.period() == period();
    }

    @Override
    public int hashCode() {
      return Long.hashCode(period());
    }
  }

  public DataTlsSecretsDependent() {
    super(Secret.class);
  }

  @Override
  public ReconcileResult<Secret> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    var pass = ReconcileInputs.from(context);
    if (pass.served().usable(OptionalCrd.CERT_MANAGER)) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    var inputs = inputs(pass, primary, context);
    return MemoizedSet.reconcile(
        this,
        inputs,
        inputs.existing().objects(),
        primary,
        context,
        inputs::withExisting,
        () -> super.reconcile(primary, context));
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    var issuing = TlsIssuing.from(context);
    return new Inputs(
        pass.model(),
        Versioned.of(getSecondaryResources(primary, context).values()),
        new CheckTime(issuing.now()),
        issuing.keys());
  }

  @Override
  public Map<String, Secret> build(Inputs inputs) {
    var existing = new HashMap<String, Secret>();
    inputs.existing().objects().forEach(s -> existing.put(s.getMetadata().getName(), s));
    return Stack.tlsSecrets(inputs.model(), existing, inputs.now().instant(), inputs.keys());
  }

  /**
   * Creates a Secret unless one of its name exists that is someone else's (see {@link
   * ForeignObjects}); one handed over gets a newly issued certificate.
   */
  @Override
  public Secret create(Secret desired, AmsInstance primary, Context<AmsInstance> context) {
    return ForeignObjects.create(
        context.getClient(),
        desired,
        primary,
        ownerReferenced(desired, primary),
        Optional.empty(),
        () -> super.create(desired, primary, context),
        existing ->
            super.update(existing, ForeignObjects.forAdoption(desired, primary), primary, context));
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

  /** The CA Secret outlives the instance, so it has no owner reference; the others do. */
  private static boolean ownerReferenced(Secret secret, AmsInstance primary) {
    return !secret
        .getMetadata()
        .getName()
        .equals(new ResourceNames(primary.getMetadata().getName()).caSecret());
  }

  /**
   * The Secrets {@link #build} makes of this pass's record, but those left out in this pass, with
   * the owner reference JOSDK would add to another dependent's objects (not on the CA Secret).
   */
  @Override
  public Map<ResourceID, Secret> desiredResources(
      AmsInstance primary, Context<AmsInstance> context) {
    Inputs inputs = MemoizedSet.inputs(this, context);
    var desired = new LinkedHashMap<ResourceID, Secret>();
    var writes = ChildWrites.of(context);
    build(inputs)
        .forEach(
            (name, secret) -> {
              if (writes.isNotOwned("Secret", name)) {
                return;
              }
              if (!name.equals(inputs.model().names().caSecret())) {
                secret.addOwnerReference(primary);
              }
              desired.put(ResourceID.fromResource(secret), secret);
            });
    return desired;
  }

  @Override
  public Map<ResourceID, Secret> getSecondaryResources(
      AmsInstance primary, Context<AmsInstance> context) {
    return eventSource().orElseThrow().getSecondaryResources(primary).stream()
        .collect(Collectors.toMap(ResourceID::fromResource, s -> s));
  }

  /** The instance a Secret belongs to, by its instance label (the CA Secret has no owner). */
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
