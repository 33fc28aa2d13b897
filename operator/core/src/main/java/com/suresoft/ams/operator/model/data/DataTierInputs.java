package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the data tier's builders need beyond the spec, read from the cluster by the reconciler.
 *
 * @param claimTemplateSizes per data StatefulSet that exists, the size in its claim template: that
 *     template is immutable, so the desired StatefulSet keeps it and growth goes to the claims
 */
public record DataTierInputs(Map<Component, String> claimTemplateSizes) {

  /** A new instance: nothing exists yet (also what {@code render} shows). */
  public static DataTierInputs fresh() {
    return new DataTierInputs(Map.of());
  }

  /**
   * The inputs for the existing StatefulSets' claim template sizes, keeping only those that differ
   * from the spec's: an equal size builds the same StatefulSet as none, so a data tier just created
   * has the same inputs as before it existed, and its in-sync memo is not missed for nothing.
   */
  public static DataTierInputs of(InstanceModel m, Map<Component, String> templateSizes) {
    var differing = new EnumMap<Component, String>(Component.class);
    templateSizes.forEach(
        (component, size) -> {
          if (!size.equals(DataVolumes.specSize(m, component))) {
            differing.put(component, size);
          }
        });
    return new DataTierInputs(differing);
  }

  String claimSize(Component component, String specSize) {
    return claimTemplateSizes.getOrDefault(component, specSize);
  }
}
