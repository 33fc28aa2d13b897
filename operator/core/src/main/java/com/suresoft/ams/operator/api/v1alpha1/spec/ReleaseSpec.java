package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How a change of spec.version is released to users. */
@ValidationRule(
    value = "!has(self.strategy) || self.strategy != 'Canary' || has(self.canary)",
    message = "strategy Canary needs canary settings",
    fieldPath = ".canary",
    reason = "FieldValueRequired")
public class ReleaseSpec {

  @JsonPropertyDescription(
      "RollingUpdate (default): the active slot is updated in place. BlueGreen: the candidate runs"
          + " beside the stable version behind preview Services and takes all traffic at"
          + " promotion. Canary: traffic moves to the candidate step by step.")
  private ReleaseStrategy strategy;

  @JsonPropertyDescription(
      "Seconds the candidate may take to become ready for its current step (a canary weight, the"
          + " blue-green preview or switch, full promotion); past it the release aborts with reason"
          + " ProgressDeadlineExceeded and all traffic stays on the stable version. Default 600.")
  @Min(30)
  @Max(86400)
  private Integer progressDeadlineSeconds;

  @JsonPropertyDescription(
      "Seconds the candidate keeps its pods after an abort, a failure, a newer version or a"
          + " revert took traffic off it, so proxies that still send to it drain. Default 30.")
  @Min(0)
  @Max(3600)
  private Integer abortScaleDownDelaySeconds;

  @JsonPropertyDescription("Blue-green settings.")
  private BlueGreenSpec blueGreen;

  @JsonPropertyDescription("Canary settings.")
  private CanarySpec canary;

  @JsonPropertyDescription("The database migration Job that gates every release.")
  private MigrationSpec migration;

  public ReleaseStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(ReleaseStrategy strategy) {
    this.strategy = strategy;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }

  public Integer getAbortScaleDownDelaySeconds() {
    return abortScaleDownDelaySeconds;
  }

  public void setAbortScaleDownDelaySeconds(Integer abortScaleDownDelaySeconds) {
    this.abortScaleDownDelaySeconds = abortScaleDownDelaySeconds;
  }

  public BlueGreenSpec getBlueGreen() {
    return blueGreen;
  }

  public void setBlueGreen(BlueGreenSpec blueGreen) {
    this.blueGreen = blueGreen;
  }

  public CanarySpec getCanary() {
    return canary;
  }

  public void setCanary(CanarySpec canary) {
    this.canary = canary;
  }

  public MigrationSpec getMigration() {
    return migration;
  }

  public void setMigration(MigrationSpec migration) {
    this.migration = migration;
  }
}
