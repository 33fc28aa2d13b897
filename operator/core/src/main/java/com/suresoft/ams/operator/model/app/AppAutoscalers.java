package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HorizontalPodAutoscalers ({@code <name>-api-hpa}, and web/worker when enabled) on the active
 * slot's Deployment, with the seed's CPU 70 % / memory 80 % targets by default.
 */
public final class AppAutoscalers {

  /** Why an HPA's minimum is above the spec's while a release is under way. */
  public static final String HELD_MIN_REPLICAS = "ams.suresoft.com/held-min-replicas";

  private AppAutoscalers() {}

  public static Map<String, HorizontalPodAutoscaler> desired(InstanceModel m, AppTierPlan plan) {
    var hpas = new LinkedHashMap<String, HorizontalPodAutoscaler>();
    for (Component c : Component.APP_TIER) {
      var a = AppTierPlan.componentSpec(m, c).getAutoscaling();
      // No HPA before its target is planned (the first install waits for its migration).
      boolean targetPlanned =
          plan.slots().stream().anyMatch(s -> s.component() == c && s.slot() == plan.activeSlot());
      if (!a.getEnabled() || !targetPlanned) {
        continue;
      }
      Integer held = plan.heldMinReplicas().get(c);
      int min = held == null ? a.getMinReplicas() : Math.max(a.getMinReplicas(), held);
      // Said on the object, so whoever reads the HPA sees why its minimum is not the spec's.
      Map<String, String> annotations =
          min == a.getMinReplicas()
              ? Map.of()
              : Map.of(
                  HELD_MIN_REPLICAS,
                  "minReplicas held at "
                      + min
                      + " (spec "
                      + a.getMinReplicas()
                      + "), the stable size when the release started, until it ends");
      var hpa =
          new HorizontalPodAutoscalerBuilder()
              .withNewMetadata()
              .withName(m.names().hpa(c))
              .withNamespace(m.namespace())
              .withLabels(Labels.of(m.name(), c, m.spec().getVersion()))
              .withAnnotations(new LinkedHashMap<>(annotations))
              .endMetadata()
              .withNewSpec()
              .withNewScaleTargetRef()
              .withApiVersion("apps/v1")
              .withKind("Deployment")
              .withName(m.names().deployment(c, plan.activeSlot()))
              .endScaleTargetRef()
              .withMinReplicas(min)
              .withMaxReplicas(a.getMaxReplicas())
              .withMetrics(
                  utilization("cpu", a.getTargetCPUUtilizationPercentage()),
                  utilization("memory", a.getTargetMemoryUtilizationPercentage()))
              .endSpec()
              .build();
      hpas.put(hpa.getMetadata().getName(), hpa);
    }
    return hpas;
  }

  private static MetricSpec utilization(String resource, int percent) {
    return new MetricSpecBuilder()
        .withType("Resource")
        .withNewResource()
        .withName(resource)
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(percent)
        .endTarget()
        .endResource()
        .build();
  }
}
