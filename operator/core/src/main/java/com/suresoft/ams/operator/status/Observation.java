package com.suresoft.ams.operator.status;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.model.Component;
import java.util.List;
import java.util.Map;

/**
 * What one reconciliation saw, the input of {@link StatusAggregator}: the spec's errors, whether it
 * is paused, each component's readiness and the version its pods run (app and data tier), the state
 * of optional integrations (monitoring, External Secrets) as conditions of their own, and what
 * keeps the data tier from working, and the release as the planner left it ({@code null}: keep the
 * status's, e.g. while paused), and the address the ingress serves ({@code null}: none), from the
 * spec the reconciler validated and resolved once; and the children it could not write (someone
 * else's object of their name, a failed apply).
 */
public record Observation(
    List<FieldError> specErrors,
    boolean paused,
    Map<Component, ComponentObservation> components,
    List<Integration> integrations,
    List<DataIssue> dataIssues,
    ReleaseStatus release,
    String url,
    List<ChildIssue> children) {

  public Observation(
      List<FieldError> specErrors,
      boolean paused,
      Map<Component, ComponentObservation> components,
      List<Integration> integrations,
      List<DataIssue> dataIssues,
      ReleaseStatus release,
      String url) {
    this(specErrors, paused, components, integrations, dataIssues, release, url, List.of());
  }

  public Observation(
      List<FieldError> specErrors,
      boolean paused,
      Map<Component, ComponentObservation> components) {
    this(specErrors, paused, components, List.of(), List.of(), null, null, List.of());
  }

  /** A condition of an optional integration: its type, whether it works, why. */
  public record Integration(String type, boolean status, String reason, String message) {}

  /** Whether anything about the data tier was observed (so its condition is reported). */
  public boolean hasDataTier() {
    return !dataIssues.isEmpty()
        || components.keySet().stream().anyMatch(Component.DATA_TIER::contains);
  }

  /** Readiness of a component and the version it runs ({@code null} when it has no pods yet). */
  public record ComponentObservation(WorkloadReadiness readiness, String version) {}
}
