package com.suresoft.ams.operator.validation;

import com.suresoft.ams.operator.model.Component;
import java.util.List;

/**
 * The data volumes as they are in the cluster, an explicit input of {@link SpecValidator} (which
 * stays pure): a storage size below one of them is a shrink, which volumes cannot do.
 */
public record CurrentVolumes(List<Claim> claims) {

  /** One claim: its component, name and requested size (a Kubernetes quantity). */
  public record Claim(Component component, String name, String size) {}

  public static CurrentVolumes none() {
    return new CurrentVolumes(List.of());
  }
}
