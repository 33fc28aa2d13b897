package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instance a {@link ReleaseModelTest} sequence releases: Production sizes (web 3 replicas, api
 * HPA 3-10, worker HPA 2-8) or, without autoscalers, web 3 / api 4 / worker 2; one release strategy
 * with a few of its options.
 *
 * @param steps the canary steps as a YAML flow sequence; {@code null}: the default steps
 * @param autoPromotionSeconds blue-green auto-promotion; {@code null}: promote by action only
 */
record ModelConfig(
    ReleaseStrategy strategy,
    TrafficRouter router,
    boolean hpa,
    boolean analysis,
    boolean preview,
    Integer autoPromotionSeconds,
    String steps) {

  /** Interval of the metric checks, when the canary has analysis. */
  static final int ANALYSIS_INTERVAL = 60;

  private record Key(ModelConfig config, String version, boolean paused) {}

  private static final Map<Key, InstanceModel> MODELS = new ConcurrentHashMap<>();

  /** The resolved instance at {@code version}, with {@code spec.paused}; built once per config. */
  InstanceModel model(String version, boolean paused) {
    return MODELS.computeIfAbsent(
        new Key(this, version, paused),
        k -> InstanceModel.of(TestInstances.withSpec("ams", yaml(version, paused))));
  }

  boolean autoscaled(Component c) {
    return AppTierPlan.componentSpec(model("1.0.0", false), c).getAutoscaling().getEnabled();
  }

  private String yaml(String version, boolean paused) {
    var y = new StringBuilder();
    y.append("tier: Production\n");
    y.append("version: \"").append(version).append("\"\n");
    y.append("paused: ").append(paused).append('\n');
    y.append("web: {replicas: 3}\n");
    if (router == TrafficRouter.GatewayAPI) {
      // The CRD's rule: the GatewayAPI router splits the HTTPRoute of a gateway edge.
      y.append("ingress: {host: ams.example.com, gateway: {parentRefs: [{name: gw}]}}\n");
    }
    if (hpa) {
      y.append("api: {autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 10}}\n");
      y.append("worker: {autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 8}}\n");
    } else {
      y.append("api: {replicas: 4, autoscaling: {enabled: false}}\n");
      y.append("worker: {replicas: 2, autoscaling: {enabled: false}}\n");
    }
    y.append("release:\n");
    y.append("  strategy: ").append(strategy).append('\n');
    y.append("  blueGreen: {previewService: ").append(preview);
    if (autoPromotionSeconds != null) {
      y.append(", autoPromotionSeconds: ").append(autoPromotionSeconds);
    }
    y.append("}\n");
    y.append("  canary:\n");
    y.append("    trafficRouter: ")
        .append(router == null ? TrafficRouter.Istio : router)
        .append('\n');
    if (steps != null) {
      y.append("    steps: ").append(steps).append('\n');
    }
    if (analysis) {
      y.append("    analysis: {prometheusUrl: \"http://prometheus:9090\", intervalSeconds: ")
          .append(ANALYSIS_INTERVAL)
          .append(", failureLimit: 2}\n");
    }
    return y.toString();
  }

  @Override
  public String toString() {
    var s = new StringBuilder(strategy.name());
    if (strategy == ReleaseStrategy.Canary) {
      s.append('/').append(router);
      s.append(steps == null ? " default steps" : " steps " + steps);
      s.append(analysis ? " with analysis" : "");
    }
    if (strategy == ReleaseStrategy.BlueGreen) {
      s.append(preview ? " with preview" : " without preview");
      s.append(autoPromotionSeconds == null ? "" : " auto-promotion " + autoPromotionSeconds + "s");
    }
    s.append(hpa ? ", HPAs on api and worker" : ", no HPA");
    return s.toString();
  }
}
