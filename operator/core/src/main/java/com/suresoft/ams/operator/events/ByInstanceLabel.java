package com.suresoft.ams.operator.events;

import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;

/**
 * The instance an object belongs to, by its {@code app.kubernetes.io/instance} label: for objects
 * without an owner reference to map by (the Secrets that outlive the instance, Jobs' pods, claims).
 */
public final class ByInstanceLabel {
  private ByInstanceLabel() {}

  public static Set<ResourceID> primaryOf(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(Labels.INSTANCE);
    return instance == null
        ? Set.of()
        : Set.of(new ResourceID(instance, object.getMetadata().getNamespace()));
  }
}
