package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.validation.FieldError;
import java.util.List;
import java.util.Map;

/**
 * What one reconciliation saw, the input of {@link StatusAggregator}: the spec's errors, whether it
 * is paused, and each component's readiness and the version its pods run.
 */
public record Observation(
    List<FieldError> specErrors, boolean paused, Map<Component, ComponentObservation> components) {

  /** Readiness of a component and the version it runs ({@code null} when it has no pods yet). */
  public record ComponentObservation(WorkloadReadiness readiness, String version) {}
}
