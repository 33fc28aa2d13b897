package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Blue-green release settings. */
public class BlueGreenSpec {

  @JsonPropertyDescription(
      "Create the preview Services <name>-api-preview and <name>-web-preview that select the"
          + " candidate slot. Default true.")
  private Boolean previewService;

  @JsonPropertyDescription(
      "Promote by itself this many seconds after the candidate is ready and its smoke check"
          + " passed. Unset: wait for a promote action.")
  @Min(0)
  @Max(604800)
  private Integer autoPromotionSeconds;

  @JsonPropertyDescription(
      "Seconds the old slot keeps running after promotion (instant rollback until then). Default"
          + " 30.")
  @Min(0)
  @Max(604800)
  private Integer scaleDownDelaySeconds;

  public Boolean getPreviewService() {
    return previewService;
  }

  public void setPreviewService(Boolean previewService) {
    this.previewService = previewService;
  }

  public Integer getAutoPromotionSeconds() {
    return autoPromotionSeconds;
  }

  public void setAutoPromotionSeconds(Integer autoPromotionSeconds) {
    this.autoPromotionSeconds = autoPromotionSeconds;
  }

  public Integer getScaleDownDelaySeconds() {
    return scaleDownDelaySeconds;
  }

  public void setScaleDownDelaySeconds(Integer scaleDownDelaySeconds) {
    this.scaleDownDelaySeconds = scaleDownDelaySeconds;
  }
}
