package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions about the data volumes, pure: which claim belongs to which component, how big it is,
 * which claims must grow to the spec's size, and the size a StatefulSet's (immutable) claim
 * template already has.
 */
public final class DataVolumes {
  private DataVolumes() {}

  /** A claim that should grow from {@code from} to {@code to}. */
  public record Resize(
      String claim, Component component, String storageClass, String from, String to) {}

  /** The component a claim of this operator belongs to (from its labels). */
  public static Optional<Component> component(PersistentVolumeClaim claim) {
    var labels = claim.getMetadata().getLabels();
    if (labels == null) {
      return Optional.empty();
    }
    String label = labels.get(Labels.COMPONENT);
    for (var c : List.of(Component.POSTGRES, Component.REDIS, Component.MINIO)) {
      if (c.label().equals(label)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The claim's requested size, if it has one. */
  public static Optional<String> requested(PersistentVolumeClaim claim) {
    if (claim.getSpec() == null
        || claim.getSpec().getResources() == null
        || claim.getSpec().getResources().getRequests() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(claim.getSpec().getResources().getRequests().get("storage"))
        .map(Quantity::toString);
  }

  public static String specSize(InstanceModel m, Component c) {
    return switch (c) {
      case POSTGRES -> m.spec().getDatabase().getStorage().getSize();
      case REDIS -> m.spec().getRedis().getStorage().getSize();
      case MINIO -> m.spec().getObjectStorage().getStorage().getSize();
      default -> throw new IllegalArgumentException(c + " has no volume");
    };
  }

  /** Claims whose requested size is below the spec's: they should grow. */
  public static List<Resize> growth(InstanceModel m, List<PersistentVolumeClaim> claims) {
    var result = new ArrayList<Resize>();
    for (var claim : claims) {
      var component = component(claim);
      var size = requested(claim);
      if (component.isEmpty() || size.isEmpty()) {
        continue;
      }
      String wanted = specSize(m, component.get());
      if (bytes(wanted).compareTo(bytes(size.get())) > 0) {
        result.add(
            new Resize(
                claim.getMetadata().getName(),
                component.get(),
                claim.getSpec().getStorageClassName(),
                size.get(),
                wanted));
      }
    }
    return result;
  }

  /** The size in each existing data StatefulSet's claim template (see {@link DataTierInputs}). */
  public static Map<Component, String> templateSizes(List<StatefulSet> statefulSets) {
    var result = new EnumMap<Component, String>(Component.class);
    for (var sts : statefulSets) {
      var labels = sts.getMetadata().getLabels();
      if (labels == null || sts.getSpec().getVolumeClaimTemplates() == null) {
        continue;
      }
      for (var c : List.of(Component.POSTGRES, Component.REDIS, Component.MINIO)) {
        if (c.label().equals(labels.get(Labels.COMPONENT))) {
          sts.getSpec().getVolumeClaimTemplates().stream()
              .findFirst()
              .flatMap(DataVolumes::requested)
              .ifPresent(size -> result.put(c, size));
        }
      }
    }
    return result;
  }

  private static java.math.BigDecimal bytes(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity));
  }
}
