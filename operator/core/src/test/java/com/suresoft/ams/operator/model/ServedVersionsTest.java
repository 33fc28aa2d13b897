package com.suresoft.ams.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which version of an optional kind the operator writes, from the versions its CRD serves. */
class ServedVersionsTest {
  private static ServedVersions serving(OptionalCrd crd, String... versions) {
    return new ServedVersions(Map.of(crd, List.of(versions)));
  }

  @Test
  void esoServingV1AndV1beta1GetsV1() {
    var served = serving(OptionalCrd.EXTERNAL_SECRET, "v1beta1", "v1");
    assertThat(served.apiVersion(OptionalCrd.EXTERNAL_SECRET)).isEqualTo("external-secrets.io/v1");
  }

  @Test
  void esoServingOnlyV1beta1GetsV1beta1() {
    var served = serving(OptionalCrd.EXTERNAL_SECRET, "v1beta1");
    assertThat(served.apiVersion(OptionalCrd.EXTERNAL_SECRET))
        .isEqualTo("external-secrets.io/v1beta1");
  }

  @Test
  void istioServingOnlyV1beta1GetsV1beta1AndServingV1GetsV1() {
    assertThat(serving(OptionalCrd.ISTIO, "v1alpha3", "v1beta1").apiVersion(OptionalCrd.ISTIO))
        .isEqualTo("networking.istio.io/v1beta1");
    assertThat(
            serving(OptionalCrd.ISTIO, "v1alpha3", "v1beta1", "v1").apiVersion(OptionalCrd.ISTIO))
        .isEqualTo("networking.istio.io/v1");
  }

  @Test
  void aKindServedOnlyInVersionsTheOperatorDoesNotWriteIsMissingAndSaysWhichAreServed() {
    var served = serving(OptionalCrd.SERVICE_MONITOR, "v2alpha1");
    assertThat(served.usable(OptionalCrd.SERVICE_MONITOR)).isFalse();
    assertThat(served.usable()).isEmpty();
    assertThat(served.whyNotUsable(OptionalCrd.SERVICE_MONITOR))
        .isEqualTo(
            "servicemonitors.monitoring.coreos.com serves only v2alpha1 (the operator writes v1)");
    assertThatThrownBy(() -> served.apiVersion(OptionalCrd.SERVICE_MONITOR))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serves only v2alpha1");
  }

  @Test
  void aMissingCrdIsNotInstalled() {
    var served = ServedVersions.none();
    assertThat(served.chosen(OptionalCrd.CNPG_CLUSTER)).isEmpty();
    assertThat(served.whyNotUsable(OptionalCrd.CNPG_CLUSTER))
        .isEqualTo("clusters.postgresql.cnpg.io is not installed");
    assertThat(serving(OptionalCrd.CNPG_CLUSTER, "v1").whyNotUsable(OptionalCrd.CNPG_CLUSTER))
        .isEmpty();
  }

  @Test
  void everyOptionalKindIsWrittenInItsNewestVersionFirst() {
    // The newest version each kind's operator serves today, as the compatibility matrix in
    // docs/install.md
    // lists them; render writes these.
    assertThat(ServedVersions.newest().usable()).containsExactlyInAnyOrder(OptionalCrd.values());
    assertThat(OptionalCrd.SERVICE_MONITOR.newestApiVersion())
        .isEqualTo("monitoring.coreos.com/v1");
    assertThat(OptionalCrd.PROMETHEUS_RULE.newestApiVersion())
        .isEqualTo("monitoring.coreos.com/v1");
    assertThat(OptionalCrd.CNPG_CLUSTER.newestApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(OptionalCrd.EXTERNAL_SECRET.versions()).containsExactly("v1", "v1beta1");
    assertThat(OptionalCrd.ISTIO.versions()).containsExactly("v1", "v1beta1");
  }
}
