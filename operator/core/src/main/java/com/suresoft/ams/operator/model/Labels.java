package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one owner of the labels children carry. Selectors use only labels that never change for the
 * life of an object (a Deployment's selector is immutable), so {@code version} is never in one.
 */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String VERSION = "app.kubernetes.io/version";
  public static final String SLOT = "ams.suresoft.com/slot";
  public static final String TIER = "ams.suresoft.com/tier";

  /** The label Grafana's dashboard sidecar looks for on ConfigMaps (value {@code "1"}). */
  public static final String GRAFANA_DASHBOARD = "grafana_dashboard";

  /** Set by the StatefulSet controller on every pod: the one label that names pod 0 for sure. */
  public static final String STATEFULSET_POD_NAME = "statefulset.kubernetes.io/pod-name";

  public static final String APP_NAME = "ams";
  public static final String OPERATOR = "ams-operator";

  /** Selects every object this operator manages, whatever the instance (informer filter). */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** Selects the managed objects of the app tier (web, API, worker). */
  public static final String APP_TIER_SELECTOR = MANAGED_SELECTOR + "," + TIER + "=app";

  /** Selects the managed objects of the data tier (and the claims and pods of its workloads). */
  public static final String DATA_TIER_SELECTOR = MANAGED_SELECTOR + "," + TIER + "=data";

  private Labels() {}

  /** Labels of any child of {@code instance} that belongs to {@code component}. */
  public static Map<String, String> of(String instance, Component component, String version) {
    var labels = new LinkedHashMap<>(selector(instance, component));
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(TIER, component.tier().label());
    if (version != null) {
      labels.put(VERSION, version);
    }
    return labels;
  }

  /** Labels of a per-slot object (a Deployment and its pods). */
  public static Map<String, String> of(
      String instance, Component component, Slot slot, String version) {
    var labels = of(instance, component, version);
    labels.put(SLOT, slot.name());
    return labels;
  }

  /** The stable selector of a component's pods, across slots. */
  public static Map<String, String> selector(String instance, Component component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP_NAME);
    labels.put(INSTANCE, instance);
    labels.put(COMPONENT, component.label());
    return labels;
  }

  /**
   * Labels of a volume claim template. Without version: claim templates are immutable, and the
   * claims keep these labels for life (they select the claims the operator may grow).
   */
  public static Map<String, String> claim(String instance, Component component) {
    var labels = selector(instance, component);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(TIER, component.tier().label());
    return labels;
  }

  /** The selector of the primary PostgreSQL pod: pod 0 by its StatefulSet pod name. */
  public static Map<String, String> postgresPrimary(String instance, String podName) {
    var labels = selector(instance, Component.POSTGRES);
    labels.put(STATEFULSET_POD_NAME, podName);
    return labels;
  }

  /** The selector of one slot of a component. */
  public static Map<String, String> selector(String instance, Component component, Slot slot) {
    var labels = selector(instance, component);
    labels.put(SLOT, slot.name());
    return labels;
  }
}
