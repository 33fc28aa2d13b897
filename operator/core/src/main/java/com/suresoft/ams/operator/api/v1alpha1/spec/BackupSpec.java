package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Logical backups of the database. */
public class BackupSpec {

  @JsonPropertyDescription("Run the backup CronJob. Default: true on Staging and Production.")
  private Boolean enabled;

  @JsonPropertyDescription("Cron schedule of the backup. Default \"0 2 * * *\" (02:00 daily).")
  @Pattern(Patterns.CRON)
  private String schedule;

  @JsonPropertyDescription("Days a backup is kept before the backup job deletes it. Default 7.")
  @Min(1)
  @Max(3650)
  private Integer retentionDays;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }
}
