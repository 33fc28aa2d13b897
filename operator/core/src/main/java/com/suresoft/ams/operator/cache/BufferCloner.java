package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.TolerantInstanceDeserializer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK's copy of the instance for each reconciliation, made through Jackson's token buffer ({@code
 * convertValue}) rather than fabric8's {@code clone}, which writes the instance to a JSON string
 * and parses it back. Same mapper, same deep copy, without the text in between; the copy is made on
 * every reconciliation of every instance.
 *
 * <p>Invariant: the copy shares nothing with the informer's object, which other reconciliations and
 * the status throttle's comparisons read while this one changes its copy (its status); {@code
 * BufferClonerTest} changes a copy and checks the original.
 */
public final class BufferCloner implements Cloner {
  private final KubernetesSerialization serialization;

  public BufferCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R clone(R object) {
    if (object instanceof AmsInstance instance) {
      // Keeps what the tolerant read set aside (unknown fields, an unreadable part), which is not
      // serialised, and skips that read's tree: the reconciler gets this copy.
      return (R) TolerantInstanceDeserializer.copy(instance);
    }
    return (R) serialization.convertValue(object, object.getClass());
  }
}
