package com.suresoft.ams.operator.release.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which series belong to the candidate: the labels the app's metrics must carry in Prometheus. They
 * are the pod labels the operator sets, as a ServiceMonitor's or PodMonitor's {@code
 * podTargetLabels} copy them onto every scraped series (Prometheus turns {@code .} and {@code /}
 * into {@code _}), plus {@code namespace}, which the Prometheus Operator adds to every target. The
 * version scopes the check to the candidate even when its slot ran another version earlier in the
 * query window.
 */
public record MetricScope(
    String namespace, String instance, String component, String slot, String version) {

  public static final String NAMESPACE = "namespace";
  public static final String INSTANCE = "app_kubernetes_io_instance";
  public static final String COMPONENT = "app_kubernetes_io_component";
  public static final String SLOT = "ams_suresoft_com_slot";
  public static final String VERSION = "app_kubernetes_io_version";

  /** The label matchers, in a fixed order. */
  public Map<String, String> matchers() {
    var m = new LinkedHashMap<String, String>();
    m.put(NAMESPACE, namespace);
    m.put(INSTANCE, instance);
    m.put(COMPONENT, component);
    m.put(SLOT, slot);
    m.put(VERSION, version);
    return m;
  }
}
