package com.suresoft.ams.operator.model.data;

import com.suresoft.ams.operator.model.Component;
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

  String claimSize(Component component, String specSize) {
    return claimTemplateSizes.getOrDefault(component, specSize);
  }
}
