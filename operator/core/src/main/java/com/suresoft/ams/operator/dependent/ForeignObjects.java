package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.Ownership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The create path of every dependent: how the operator finds out that a name it is about to create
 * is taken by someone else's object, without a request more than before in the usual case.
 *
 * <p>The informers select by the operator's labels, so someone else's object is in no cache (and
 * watching every Service, Deployment and Secret of the namespace to see it would cost far more than
 * it saves). The cache therefore tells only "not ours"; JOSDK then creates with server-side apply
 * and {@code resourceVersion: "1"} as a precondition, which the API server refuses with 409 when
 * any object of that name exists. That refusal is the check. Only then is the object read (one GET,
 * in the conflict alone) to tell a conflict from a race with the watch, and to see whether its
 * owner handed it over ({@link Ownership#ADOPT}).
 *
 * <p>An object the cache does hold under this name but did not give the set as the instance's
 * (labels copied, or another instance's owner reference) is decided from the cache, without a
 * request.
 */
public final class ForeignObjects {
  private static final Logger log = LoggerFactory.getLogger(ForeignObjects.class);

  private ForeignObjects() {}

  /**
   * Creates {@code desired} by {@code create}; or, when an object of its name exists that its owner
   * handed over, applies over it by {@code adopt}; or throws {@link NotOwnedException}.
   *
   * @param cached an object of that name the informer holds that is not among the instance's
   * @param ownerReferenced whether the operator gives this kind an owner reference
   */
  static <R extends HasMetadata> R create(
      KubernetesClient client,
      R desired,
      AmsInstance primary,
      boolean ownerReferenced,
      Optional<R> cached,
      Supplier<R> create,
      UnaryOperator<R> adopt) {
    String kind = desired.getKind();
    String name = desired.getMetadata().getName();
    String instance = primary.getMetadata().getName();
    String uid = primary.getMetadata().getUid();
    if (cached.isPresent()
        && !Ownership.ours(cached.get().getMetadata(), instance, uid, ownerReferenced)) {
      return adoptOrRefuse(cached.get(), kind, name, primary, adopt);
    }
    try {
      return create.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw new ChildApplyException(kind, name, e);
      }
      HasMetadata existing;
      try {
        existing = find(client, desired);
      } catch (KubernetesClientException read) {
        throw new ChildApplyException(kind, name, e);
      }
      if (existing == null
          || Ownership.ours(existing.getMetadata(), instance, uid, ownerReferenced)) {
        // Deleted since, or created by this operator and not yet seen by the watch: retried.
        throw new ChildApplyException(kind, name, e);
      }
      @SuppressWarnings("unchecked")
      R found = (R) existing;
      return adoptOrRefuse(found, kind, name, primary, adopt);
    }
  }

  /**
   * Reconciles a single dependent by {@code reconcile}, unless the object its informer holds under
   * its name is not the instance's and not handed over, or its create finds the name taken: then
   * nothing is written, the name is recorded in {@link ChildWrites} and the dependent is not ready.
   */
  static <R extends HasMetadata> ReconcileResult<R> reconcileSingle(
      Object dependent,
      Optional<R> cached,
      AmsInstance primary,
      Context<AmsInstance> context,
      boolean ownerReferenced,
      Supplier<ReconcileResult<R>> reconcile) {
    String instance = primary.getMetadata().getName();
    String uid = primary.getMetadata().getUid();
    try {
      if (cached.isPresent()
          && !Ownership.writable(cached.get().getMetadata(), instance, uid, ownerReferenced)) {
        throw new NotOwnedException(cached.get().getKind(), cached.get().getMetadata().getName());
      }
      return reconcile.get();
    } catch (NotOwnedException e) {
      var writes = ChildWrites.of(context);
      writes.notOwned(e.kind(), e.name());
      writes.incomplete(dependent);
      return ReconcileResult.noOperation(null);
    }
  }

  /** The object of {@code desired}'s name as the API server has it now, or null. */
  public static HasMetadata find(KubernetesClient client, HasMetadata desired) {
    String name = desired.getMetadata().getName();
    String namespace = desired.getMetadata().getNamespace();
    List<? extends HasMetadata> items =
        desired.getClass() == GenericKubernetesResource.class
            ? client
                .genericKubernetesResources(desired.getApiVersion(), desired.getKind())
                .inNamespace(namespace)
                .withField("metadata.name", name)
                .list()
                .getItems()
            : client
                .resources(desired.getClass())
                .inNamespace(namespace)
                .withField("metadata.name", name)
                .list()
                .getItems();
    // Filtered here as well: the selector is the server's to honour, the name is what counts.
    return items.stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElse(null);
  }

  private static <R extends HasMetadata> R adoptOrRefuse(
      R existing, String kind, String name, AmsInstance primary, UnaryOperator<R> adopt) {
    String instance = primary.getMetadata().getName();
    if (!Ownership.adoptedBy(existing.getMetadata(), instance)) {
      throw new NotOwnedException(kind, name);
    }
    log.info(
        "{}/{}: adopting {} {}, handed over by its {} annotation",
        primary.getMetadata().getNamespace(),
        instance,
        kind,
        name,
        Ownership.ADOPT);
    try {
      return adopt.apply(existing);
    } catch (KubernetesClientException e) {
      throw new ChildApplyException(kind, name, e);
    }
  }

  /**
   * {@code desired} ready to be applied over an existing object: no {@code resourceVersion}
   * precondition (a failed create left one), and the instance's owner reference not twice.
   */
  static <R extends HasMetadata> R forAdoption(R desired, AmsInstance primary) {
    desired.getMetadata().setResourceVersion(null);
    var owners = desired.getMetadata().getOwnerReferences();
    if (owners != null) {
      owners.removeIf(o -> primary.getMetadata().getUid().equals(o.getUid()));
    }
    return desired;
  }
}
