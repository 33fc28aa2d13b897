package com.suresoft.ams.operator.model.monitoring;

import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Prometheus Operator {@code ServiceMonitor} per {@link ScrapeTarget}, as {@link
 * GenericKubernetesResource}s (the operator does not depend on a Prometheus Operator model). Each
 * selects the component's Services by the stable component selector, so the stable and the preview
 * Service of a release are both scraped, and relabels every series with the instance, component and
 * slot (see {@link MonitoringLabels}).
 */
public final class ServiceMonitors {
  public static final String API_VERSION = "monitoring.coreos.com/v1";
  public static final String KIND = "ServiceMonitor";

  /** How often Prometheus scrapes; also the resolution the alert rules' 5m rates assume. */
  static final String INTERVAL = "30s";

  private ServiceMonitors() {}

  /** The ServiceMonitors by name; empty when {@code spec.monitoring.serviceMonitor} is off. */
  public static Map<String, GenericKubernetesResource> desired(InstanceModel m) {
    var monitors = new LinkedHashMap<String, GenericKubernetesResource>();
    if (!m.spec().getMonitoring().getServiceMonitor()) {
      return monitors;
    }
    for (ScrapeTarget target : ScrapeTarget.of(m)) {
      var monitor = monitor(m, target);
      monitors.put(monitor.getMetadata().getName(), monitor);
    }
    return monitors;
  }

  private static GenericKubernetesResource monitor(InstanceModel m, ScrapeTarget target) {
    var endpoint = new LinkedHashMap<String, Object>();
    endpoint.put("port", target.port());
    endpoint.put("path", target.path());
    endpoint.put("interval", INTERVAL);
    endpoint.put(
        "relabelings",
        List.of(
            constant(MonitoringLabels.INSTANCE, m.name()),
            constant(MonitoringLabels.COMPONENT, target.component().label()),
            Map.of(
                "action",
                "replace",
                "sourceLabels",
                List.of(podLabel(Labels.SLOT)),
                "targetLabel",
                MonitoringLabels.SLOT)));
    var spec = new LinkedHashMap<String, Object>();
    spec.put("selector", Map.of("matchLabels", Labels.selector(m.name(), target.component())));
    spec.put("namespaceSelector", Map.of("matchNames", List.of(m.namespace())));
    spec.put("endpoints", List.of(endpoint));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withNewMetadata()
        .withName(m.names().serviceMonitor(target.component()))
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), target.component(), m.spec().getVersion()))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** A relabeling that sets {@code label} to {@code value} on every target. */
  private static Map<String, Object> constant(String label, String value) {
    return Map.of("action", "replace", "targetLabel", label, "replacement", value);
  }

  /** The Prometheus meta label of a pod label, as Kubernetes service discovery spells it. */
  static String podLabel(String kubernetesLabel) {
    return "__meta_kubernetes_pod_label_" + kubernetesLabel.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
