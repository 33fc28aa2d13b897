package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
