package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Canary release settings. */
@ValidationRule(
    value =
        "!has(self.steps) || self.steps.filter(s, has(s.setWeight)).map(s, s.setWeight)"
            + ".isSorted()",
    message = "canary setWeight steps must not decrease",
    fieldPath = ".steps",
    reason = "FieldValueInvalid")
public class CanarySpec {

  @JsonPropertyDescription(
      "Istio (default): VirtualService weights and header route. Nginx: a canary Ingress."
          + " GatewayAPI: weighted backendRefs in the HTTPRoute (needs spec.ingress.gateway).")
  private TrafficRouter trafficRouter;

  @JsonPropertyDescription("Istio router settings.")
  private IstioCanarySpec istio;

  @JsonPropertyDescription(
      "Requests with this header go to the candidate at every step. Default: header canary with"
          + " a token of the instance as its value (status.release.canaryHeader).")
  private HeaderRoute headerRoute;

  @JsonPropertyDescription(
      "Steps run in order; each is either setWeight or pause. Default: [setWeight 10, pause,"
          + " setWeight 50, pause 60s]. After the last step the candidate is promoted fully.")
  @Size(min = 1, max = 50)
  private List<CanaryStep> steps;

  @JsonPropertyDescription("Metric analysis against Prometheus at each step (optional).")
  private AnalysisSpec analysis;

  public TrafficRouter getTrafficRouter() {
    return trafficRouter;
  }

  public void setTrafficRouter(TrafficRouter trafficRouter) {
    this.trafficRouter = trafficRouter;
  }

  public HeaderRoute getHeaderRoute() {
    return headerRoute;
  }

  public void setHeaderRoute(HeaderRoute headerRoute) {
    this.headerRoute = headerRoute;
  }

  public List<CanaryStep> getSteps() {
    return steps;
  }

  public void setSteps(List<CanaryStep> steps) {
    this.steps = steps;
  }

  public AnalysisSpec getAnalysis() {
    return analysis;
  }

  public void setAnalysis(AnalysisSpec analysis) {
    this.analysis = analysis;
  }

  public IstioCanarySpec getIstio() {
    return istio;
  }

  public void setIstio(IstioCanarySpec istio) {
    this.istio = istio;
  }
}
