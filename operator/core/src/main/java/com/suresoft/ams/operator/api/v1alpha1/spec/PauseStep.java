package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A pause in a canary release. */
public class PauseStep {

  @JsonPropertyDescription("Seconds to wait before the next step. Unset: wait for promote.")
  @Min(0)
  @Max(604800)
  private Integer durationSeconds;

  public Integer getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Integer durationSeconds) {
    this.durationSeconds = durationSeconds;
  }
}
