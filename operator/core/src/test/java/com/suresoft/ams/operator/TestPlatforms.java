package com.suresoft.ams.operator;

import com.suresoft.ams.operator.model.platform.AllowList;
import com.suresoft.ams.operator.model.platform.Platform;
import java.util.List;

/** Platforms the tests run under, each listing only what its tests use. */
public final class TestPlatforms {
  /** The Prometheus the samples and the chart's defaults name. */
  public static final String PROMETHEUS = "http://prometheus-operated.monitoring:9090";

  private TestPlatforms() {}

  /** The chart's default values: the operator's defaults plus the usual in-cluster Prometheus. */
  public static final Platform CHART_DEFAULTS = allowing(List.of(), List.of(PROMETHEUS));

  /** The operator's defaults, with these ClusterSecretStores and Prometheus URL prefixes listed. */
  public static Platform allowing(List<String> clusterSecretStores, List<String> prometheusUrls) {
    var d = Platform.DEFAULTS;
    return new Platform(
        AllowList.of(clusterSecretStores),
        AllowList.of(prometheusUrls),
        d.clusterIssuers(),
        d.ingressClasses(),
        d.gateways(),
        d.imageRegistries(),
        d.ingressControllerNamespaces(),
        d.prometheusNamespaces());
  }
}
