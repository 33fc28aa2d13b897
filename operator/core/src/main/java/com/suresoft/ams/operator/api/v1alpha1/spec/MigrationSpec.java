package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The database migration that runs once per version before any candidate pod starts. */
public class MigrationSpec {

  @JsonPropertyDescription("Run the migration Job <name>-migrate-<version>. Default true.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Command run in the new API image. Default [npx, prisma, migrate, deploy].")
  @Size(min = 1)
  private List<String> command;

  @JsonPropertyDescription("Seconds before the migration Job is failed. Default 600.")
  @Min(1)
  @Max(86400)
  private Integer activeDeadlineSeconds;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public Integer getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Integer activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }
}
