package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** One canary step: set a traffic weight, or pause. */
@ValidationRule(
    value = "has(self.setWeight) != has(self.pause)",
    message = "a canary step sets exactly one of setWeight or pause",
    reason = "FieldValueInvalid")
public class CanaryStep {

  @JsonPropertyDescription("Percent of traffic (0-100) sent to the candidate from this step on.")
  @Min(0)
  @Max(100)
  private Integer setWeight;

  @JsonPropertyDescription(
      "Pause: without durationSeconds, wait for a promote action; with it, continue after that"
          + " many seconds.")
  private PauseStep pause;

  public Integer getSetWeight() {
    return setWeight;
  }

  public void setSetWeight(Integer setWeight) {
    this.setWeight = setWeight;
  }

  public PauseStep getPause() {
    return pause;
  }

  public void setPause(PauseStep pause) {
    this.pause = pause;
  }
}
