package com.suresoft.ams.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import java.util.Objects;

/**
 * Which existing objects an instance may write: the one rule behind "the operator never takes over
 * an object it did not create".
 *
 * <p>An object is the instance's own when it carries {@code app.kubernetes.io/managed-by:
 * ams-operator} and {@code app.kubernetes.io/instance: <instance name>}, and, for every kind the
 * operator gives an owner reference, an owner reference to the instance by uid. Labels alone do not
 * suffice there: anyone can copy them, while the uid names this very instance (not an earlier one
 * of the same name, whose children the garbage collector is about to remove). The kinds that carry
 * no owner reference by design (the Secret {@code <name>-secrets}, the CloudNativePG Cluster: they
 * outlive the instance, like the data they open) are decided by the labels, so that a re-created
 * instance of the same name finds its Secret again.
 *
 * <p>Anything else is someone else's object and is neither applied to nor deleted, unless its owner
 * hands it over with the annotation {@value #ADOPT}{@code : <instance name>}: then the operator
 * applies it as its own (forced, with its labels and owner reference), and from then on it is.
 */
public final class Ownership {

  /** On an existing object: the instance (by name, same namespace) that may take it over. */
  public static final String ADOPT = "ams.suresoft.com/adopt";

  private Ownership() {}

  /**
   * Whether {@code meta} is an object of the instance {@code name} with uid {@code uid}; {@code
   * ownerReferenced} says whether the operator gives this kind an owner reference.
   */
  public static boolean ours(ObjectMeta meta, String name, String uid, boolean ownerReferenced) {
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    if (!Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
        || !name.equals(labels.get(Labels.INSTANCE))) {
      return false;
    }
    if (!ownerReferenced) {
      return true;
    }
    var owners = meta.getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> Objects.equals(uid, o.getUid()));
  }

  /** Whether the object's owner handed it over to the instance {@code name}. */
  public static boolean adoptedBy(ObjectMeta meta, String name) {
    return meta.getAnnotations() != null && name.equals(meta.getAnnotations().get(ADOPT));
  }

  /** Whether the instance may write the object: its own, or handed over to it. */
  public static boolean writable(
      ObjectMeta meta, String name, String uid, boolean ownerReferenced) {
    return ours(meta, name, uid, ownerReferenced) || adoptedBy(meta, name);
  }
}
