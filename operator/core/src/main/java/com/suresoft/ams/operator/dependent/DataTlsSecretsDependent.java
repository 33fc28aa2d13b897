package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.InSyncMemo;
import com.suresoft.ams.operator.events.ByInstanceLabel;
import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.OptionalCrd;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    informer = @Informer(labelSelector = DataTlsSecretsDependent.SELECTOR))
public class DataTlsSecretsDependent extends KubernetesDependentResource<Secret, AmsInstance>
    implements BulkDependentResource<Secret, AmsInstance, ResourceID>,
        Creator<Secret, AmsInstance>,
        Updater<Secret, AmsInstance>,
        SecondaryToPrimaryMapper<Secret> {
  /** Component {@code tls} ({@link Component#TLS}); a constant, as annotations need. */
  static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=tls";

  public DataTlsSecretsDependent() {
    super(Secret.class);
  }

  @Override
  public ReconcileResult<Secret> reconcile(AmsInstance primary, Context<AmsInstance> context) {
    if (ReconcileInputs.from(context).served().usable(OptionalCrd.CERT_MANAGER)) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    var instance = ResourceID.fromResource(primary);
    memo.prune(id -> context.getPrimaryCache().get(id).isPresent());
    var inputs =
        new CheckedFor(
            primary.getMetadata().getUid(),
            primary.getMetadata().getGeneration(),
            TlsIssuing.from(context).now().getEpochSecond() / RECHECK.toSeconds());
    var key = memo.keyOf(inputs, getSecondaryResources(primary, context).values());
    if (memo.isInSync(instance, key)) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    memo.forget(instance);
    var pass = ChildWrites.of(context).reconcileSet(this, () -> super.reconcile(primary, context));
    if (!pass.leftOut()) {
      memo.inSync(instance, memo.keyOf(inputs, pass.result().getResourceOperations().keySet()));
    }
    return pass.result();
  }

  /**
   * How often Secrets found good are checked again for their renewal date. Checking them (parse
   * each certificate, verify the CA's signature, match the key) costs about a millisecond a
   * certificate, and reconciliations come many times a minute while an instance converges; the
   * verdict changes only with the Secrets (their versions are in the memo's key), the spec (which
   * servers run, under which names: the generation) or the clock passing a renewal date, which lies
   * 30 days before the end (GeneratedTls.RENEW_BEFORE), so an hour late is on time.
   */
  static final Duration RECHECK = Duration.ofHours(1);

  /** What the Secrets were last found good for: the instance's spec and the hour of the check. */
  private record CheckedFor(String uid, Long generation, long hour) {}

  private final InSyncMemo memo = new InSyncMemo();

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

  @Override
  public Map<ResourceID, Secret> desiredResources(
      AmsInstance primary, Context<AmsInstance> context) {
    var model = ReconcileInputs.from(context).model();
    var issuing = TlsIssuing.from(context);
    var existing = new HashMap<String, Map<String, String>>();
    getSecondaryResources(primary, context)
        .values()
        .forEach(s -> existing.put(s.getMetadata().getName(), AppSecret.decode(s)));
    var desired = new LinkedHashMap<ResourceID, Secret>();
    var writes = ChildWrites.of(context);
    Stack.tlsSecrets(model, existing, issuing.now(), issuing.keys())
        .forEach(
            (name, secret) -> {
              if (writes.isNotOwned("Secret", name)) {
                return;
              }
              if (!name.equals(model.names().caSecret())) {
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
}
