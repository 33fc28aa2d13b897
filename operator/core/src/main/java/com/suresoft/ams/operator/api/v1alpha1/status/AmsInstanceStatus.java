package com.suresoft.ams.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/** What the operator observed; written only when it changed. */
public class AmsInstanceStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Provisioning, Ready, Progressing, Paused, Degraded or Failed.")
  private Phase phase;

  @JsonPropertyDescription(
      "Ready, Progressing and Degraded; kstatus's Reconciling (True while the operator works"
          + " toward the spec, a release included) and Stalled (True while only a user's change"
          + " helps: invalid spec, failed or aborted release, paused), each present only while"
          + " True; conditions of optional integrations, and Conflict while an object of a"
          + " child's name exists that the operator did not create. Each with"
          + " observedGeneration, reason, message and lastTransitionTime.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Readiness per component: web, api, worker and the data tier.")
  private Map<String, ComponentStatus> components;

  @JsonPropertyDescription("Ready components over all components, e.g. 6/6.")
  private String ready;

  @JsonPropertyDescription("The current or last release.")
  private ReleaseStatus release;

  @JsonPropertyDescription(
      "Where users reach AMS (from spec.ingress.host and tls.enabled, behind the Ingress or the"
          + " HTTPRoute).")
  private String url;

  @JsonPropertyDescription(
      "Last token handled per non-release action annotation (rotate-jwt), so each token acts"
          + " once.")
  private Map<String, String> handledTokens;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Map<String, ComponentStatus> getComponents() {
    return components;
  }

  public void setComponents(Map<String, ComponentStatus> components) {
    this.components = components;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public ReleaseStatus getRelease() {
    return release;
  }

  public void setRelease(ReleaseStatus release) {
    this.release = release;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Map<String, String> getHandledTokens() {
    return handledTokens;
  }

  public void setHandledTokens(Map<String, String> handledTokens) {
    this.handledTokens = handledTokens;
  }
}
