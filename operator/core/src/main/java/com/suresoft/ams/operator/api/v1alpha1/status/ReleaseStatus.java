package com.suresoft.ams.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The state of the current or last release; all of it, so a restarted operator resumes. */
public class ReleaseStatus {

  @JsonPropertyDescription("Version serving users from the active slot.")
  private String stableVersion;

  @JsonPropertyDescription("Version being released, if any.")
  private String candidateVersion;

  @JsonPropertyDescription("Strategy of the current or last release.")
  private String strategy;

  @JsonPropertyDescription("Stable, Migrating, Progressing, Paused, Promoting, Aborted or Failed.")
  private ReleasePhase phase;

  @JsonPropertyDescription("Index of the current canary step.")
  private Integer stepIndex;

  @JsonPropertyDescription("Percent of user traffic routed to the candidate now.")
  private Integer canaryWeight;

  @JsonPropertyDescription("Slot (blue or green) of the stable version.")
  private Slot activeSlot;

  @JsonPropertyDescription("Human-readable state of the release.")
  private String message;

  @JsonPropertyDescription("When the current release started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription(
      "The header that reaches the canary whatever the weight, as name: value (Canary strategy),"
          + " e.g. for curl -H.")
  private String canaryHeader;

  @JsonPropertyDescription("Short form for kubectl, e.g. \"Canary 10%\" or \"BlueGreen preview\".")
  private String summary;

  @JsonPropertyDescription(
      "When the current step began (RFC 3339): a pause, a weight, the blue-green preview or the"
          + " scale-down delay count from here.")
  private String stepStartedAt;

  @JsonPropertyDescription(
      "Percent of traffic the canary steps have reached. canaryWeight (what is routed) is lower"
          + " only while the candidate lacks ready pods for this share.")
  private Integer stepWeight;

  @JsonPropertyDescription(
      "Replicas of web, api and worker in the stable slot when the release started. Candidate"
          + " sizes and the stable autoscalers' held minimum come from it (or from what an"
          + " autoscaler wants now, if more).")
  private Map<String, Integer> stableReplicas;

  @JsonPropertyDescription(
      "A blue-green promote (by action or timer) waiting for the candidate to be ready at full"
          + " size; it switches traffic as soon as it is.")
  private Boolean promotionRequested;

  @JsonPropertyDescription(
      "Since when the candidate is not ready for its current step (RFC 3339). The release aborts"
          + " when this is progressDeadlineSeconds old.")
  private String waitingSince;

  @JsonPropertyDescription(
      "When spec.paused stopped the release (RFC 3339). Pause, preview and promotion timers and"
          + " the progress deadline resume with the time they had left.")
  private String pausedAt;

  @JsonPropertyDescription(
      "When the slot that stopped serving after an abort, failure, newer version or revert scales"
          + " to 0 (RFC 3339); until then it keeps its pods while routes drain.")
  private String scaleDownAt;

  @JsonPropertyDescription(
      "Metric checks in a row that could not be run (Prometheus unreachable, query errors).")
  private Integer analysisErrors;

  @JsonPropertyDescription("Failed metric checks in the current release.")
  private Integer analysisFailures;

  @JsonPropertyDescription("When the candidate's metrics were last checked (RFC 3339).")
  private String lastAnalysisAt;

  @JsonPropertyDescription("Whether the last metric check passed.")
  private Boolean lastAnalysisPassed;

  @JsonPropertyDescription("What the last metric check measured.")
  private String lastAnalysis;

  @JsonPropertyDescription(
      "Last token handled per action annotation (promote, promote-full, abort, retry), so each"
          + " token acts once.")
  private Map<String, String> handledActions;

  public String getStableVersion() {
    return stableVersion;
  }

  public void setStableVersion(String stableVersion) {
    this.stableVersion = stableVersion;
  }

  public String getCandidateVersion() {
    return candidateVersion;
  }

  public void setCandidateVersion(String candidateVersion) {
    this.candidateVersion = candidateVersion;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  public ReleasePhase getPhase() {
    return phase;
  }

  public void setPhase(ReleasePhase phase) {
    this.phase = phase;
  }

  public Integer getStepIndex() {
    return stepIndex;
  }

  public void setStepIndex(Integer stepIndex) {
    this.stepIndex = stepIndex;
  }

  public Integer getCanaryWeight() {
    return canaryWeight;
  }

  public void setCanaryWeight(Integer canaryWeight) {
    this.canaryWeight = canaryWeight;
  }

  public Slot getActiveSlot() {
    return activeSlot;
  }

  public void setActiveSlot(Slot activeSlot) {
    this.activeSlot = activeSlot;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  public String getStepStartedAt() {
    return stepStartedAt;
  }

  public void setStepStartedAt(String stepStartedAt) {
    this.stepStartedAt = stepStartedAt;
  }

  public Integer getAnalysisFailures() {
    return analysisFailures;
  }

  public void setAnalysisFailures(Integer analysisFailures) {
    this.analysisFailures = analysisFailures;
  }

  public String getLastAnalysisAt() {
    return lastAnalysisAt;
  }

  public void setLastAnalysisAt(String lastAnalysisAt) {
    this.lastAnalysisAt = lastAnalysisAt;
  }

  public Boolean getLastAnalysisPassed() {
    return lastAnalysisPassed;
  }

  public void setLastAnalysisPassed(Boolean lastAnalysisPassed) {
    this.lastAnalysisPassed = lastAnalysisPassed;
  }

  public String getLastAnalysis() {
    return lastAnalysis;
  }

  public void setLastAnalysis(String lastAnalysis) {
    this.lastAnalysis = lastAnalysis;
  }

  public Map<String, String> getHandledActions() {
    return handledActions;
  }

  public void setHandledActions(Map<String, String> handledActions) {
    this.handledActions = handledActions;
  }

  public Integer getStepWeight() {
    return stepWeight;
  }

  public void setStepWeight(Integer stepWeight) {
    this.stepWeight = stepWeight;
  }

  public Map<String, Integer> getStableReplicas() {
    return stableReplicas;
  }

  public void setStableReplicas(Map<String, Integer> stableReplicas) {
    this.stableReplicas = stableReplicas;
  }

  public Boolean getPromotionRequested() {
    return promotionRequested;
  }

  public void setPromotionRequested(Boolean promotionRequested) {
    this.promotionRequested = promotionRequested;
  }

  public String getWaitingSince() {
    return waitingSince;
  }

  public void setWaitingSince(String waitingSince) {
    this.waitingSince = waitingSince;
  }

  public String getPausedAt() {
    return pausedAt;
  }

  public void setPausedAt(String pausedAt) {
    this.pausedAt = pausedAt;
  }

  public String getScaleDownAt() {
    return scaleDownAt;
  }

  public void setScaleDownAt(String scaleDownAt) {
    this.scaleDownAt = scaleDownAt;
  }

  public Integer getAnalysisErrors() {
    return analysisErrors;
  }

  public void setAnalysisErrors(Integer analysisErrors) {
    this.analysisErrors = analysisErrors;
  }

  public String getCanaryHeader() {
    return canaryHeader;
  }

  public void setCanaryHeader(String canaryHeader) {
    this.canaryHeader = canaryHeader;
  }
}
