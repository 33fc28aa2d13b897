package com.suresoft.ams.operator.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which versions of each optional kind the cluster serves, as last looked up (a CRD's {@code
 * spec.versions[].served}), and so which version the operator writes: the newest of {@link
 * OptionalCrd#versions()} that is served. A kind whose CRD is missing, or that is served only in
 * versions the operator does not know, is not usable, and {@link #whyNotUsable} says which case.
 *
 * @param served CRD to the versions it serves; a CRD that is not installed has no entry
 */
public record ServedVersions(Map<OptionalCrd, List<String>> served) {
  public ServedVersions {
    var copy = new EnumMap<OptionalCrd, List<String>>(OptionalCrd.class);
    served.forEach((crd, versions) -> copy.put(crd, List.copyOf(versions)));
    served = copy;
  }

  /** A cluster without any of the optional CRDs. */
  public static ServedVersions none() {
    return new ServedVersions(Map.of());
  }

  /** Every optional kind served in the newest version the operator writes (offline rendering). */
  public static ServedVersions newest() {
    var all = new EnumMap<OptionalCrd, List<String>>(OptionalCrd.class);
    for (OptionalCrd crd : OptionalCrd.values()) {
      all.put(crd, List.of(crd.versions().get(0)));
    }
    return new ServedVersions(all);
  }

  /** The given CRDs, each serving exactly the versions the operator writes (tests). */
  public static ServedVersions installed(Set<OptionalCrd> crds) {
    var all = new EnumMap<OptionalCrd, List<String>>(OptionalCrd.class);
    crds.forEach(crd -> all.put(crd, crd.versions()));
    return new ServedVersions(all);
  }

  /** The version of {@code crd} the operator writes here, if the cluster serves one it knows. */
  public Optional<String> chosen(OptionalCrd crd) {
    var versions = served.get(crd);
    if (versions == null) {
      return Optional.empty();
    }
    return crd.versions().stream().filter(versions::contains).findFirst();
  }

  /** Whether {@code crd} is installed and serves a version the operator writes. */
  public boolean usable(OptionalCrd crd) {
    return chosen(crd).isPresent();
  }

  /** The usable CRDs. */
  public Set<OptionalCrd> usable() {
    var result = EnumSet.noneOf(OptionalCrd.class);
    for (OptionalCrd crd : OptionalCrd.values()) {
      if (usable(crd)) {
        result.add(crd);
      }
    }
    return result;
  }

  /** {@code <group>/<version>} the operator writes {@code crd} in; only for a usable one. */
  public String apiVersion(OptionalCrd crd) {
    return crd.apiVersion(
        chosen(crd).orElseThrow(() -> new IllegalStateException(whyNotUsable(crd))));
  }

  /**
   * Why {@code crd} cannot be used, for a condition: "CRD ... is not installed", or "CRD ... serves
   * only v2 (the operator writes v1, v1beta1)". Empty for a usable CRD.
   */
  public String whyNotUsable(OptionalCrd crd) {
    var versions = served.get(crd);
    if (versions == null) {
      return crd.crdName() + " is not installed";
    }
    if (usable(crd)) {
      return "";
    }
    return crd.crdName()
        + (versions.isEmpty()
            ? " serves no version"
            : " serves only " + String.join(", ", versions))
        + " (the operator writes "
        + String.join(", ", crd.versions())
        + ")";
  }
}
