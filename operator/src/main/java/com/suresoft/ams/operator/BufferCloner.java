package com.suresoft.ams.operator;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK's copy of the instance for each reconciliation, made through Jackson's token buffer ({@code
 * convertValue}) rather than fabric8's {@code clone}, which writes the instance to a JSON string
 * and parses it back. Same mapper, same deep copy, without the text in between; the copy is made on
 * every reconciliation of every instance.
 */
final class BufferCloner implements Cloner {
  private final KubernetesSerialization serialization;

  BufferCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R clone(R object) {
    R copy = (R) serialization.convertValue(object, object.getClass());
    // What the reader set aside (unknown fields, an unreadable part) is not serialised; the
    // reconciler reads it from this copy.
    if (object instanceof AmsInstance instance) {
      instance.copyReadFindingsTo((AmsInstance) copy);
    }
    return copy;
  }
}
