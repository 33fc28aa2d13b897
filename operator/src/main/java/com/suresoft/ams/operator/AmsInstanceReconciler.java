package com.suresoft.ams.operator;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.dependent.AppAutoscalersDependent;
import com.suresoft.ams.operator.dependent.AppDeploymentsDependent;
import com.suresoft.ams.operator.dependent.AppIngressDependent;
import com.suresoft.ams.operator.dependent.AppSecretDependent;
import com.suresoft.ams.operator.dependent.AppServicesDependent;
import com.suresoft.ams.operator.dependent.CrdInstalled;
import com.suresoft.ams.operator.dependent.CrdPresence;
import com.suresoft.ams.operator.dependent.DashboardDependent;
import com.suresoft.ams.operator.dependent.DisruptionBudgetsDependent;
import com.suresoft.ams.operator.dependent.ExternalSecretDependent;
import com.suresoft.ams.operator.dependent.NetworkPoliciesDependent;
import com.suresoft.ams.operator.dependent.PrometheusRulesDependent;
import com.suresoft.ams.operator.dependent.ReconcileInputs;
import com.suresoft.ams.operator.dependent.ServiceMonitorsDependent;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecretValueGenerator;
import com.suresoft.ams.operator.model.app.AppTierPlan;
import com.suresoft.ams.operator.model.app.SlotPlan;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.JwtRotation;
import com.suresoft.ams.operator.status.Integrations;
import com.suresoft.ams.operator.status.Observation;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import com.suresoft.ams.operator.status.Observation.Integration;
import com.suresoft.ams.operator.status.StatusAggregator;
import com.suresoft.ams.operator.status.TransitionEvents;
import com.suresoft.ams.operator.status.WorkloadReadiness;
import com.suresoft.ams.operator.validation.FieldError;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, validate, reconcile: the glue between JOSDK and the pure parts. An invalid or paused
 * instance never reaches the workflow, so nothing that runs is changed; the status says why.
 * Generation-awareness is off because action annotations (promote, abort, ...) change only
 * metadata; a reconcile that finds nothing to do writes nothing.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = AmsInstanceReconciler.SECRET, type = AppSecretDependent.class),
      // Other operators' kinds: active only while their CRD is installed, and no other dependent
      // depends on them (JOSDK deletes the dependents of an inactive node).
      @Dependent(
          name = "external-secret",
          type = ExternalSecretDependent.class,
          activationCondition = CrdInstalled.ExternalSecrets.class),
      @Dependent(
          name = AmsInstanceReconciler.APP_DEPLOYMENTS,
          type = AppDeploymentsDependent.class,
          dependsOn = AmsInstanceReconciler.SECRET),
      @Dependent(name = "app-services", type = AppServicesDependent.class),
      @Dependent(
          name = "app-autoscalers",
          type = AppAutoscalersDependent.class,
          dependsOn = AmsInstanceReconciler.APP_DEPLOYMENTS),
      @Dependent(name = "ingress", type = AppIngressDependent.class, dependsOn = "app-services"),
      @Dependent(name = "network-policies", type = NetworkPoliciesDependent.class),
      @Dependent(
          name = "disruption-budgets",
          type = DisruptionBudgetsDependent.class,
          dependsOn = AmsInstanceReconciler.APP_DEPLOYMENTS),
      @Dependent(
          name = "service-monitors",
          type = ServiceMonitorsDependent.class,
          activationCondition = CrdInstalled.ServiceMonitors.class),
      @Dependent(
          name = "prometheus-rules",
          type = PrometheusRulesDependent.class,
          activationCondition = CrdInstalled.PrometheusRules.class),
      @Dependent(name = "dashboard", type = DashboardDependent.class),
    })
@ControllerConfiguration(
    name = AmsInstanceReconciler.NAME,
    fieldManager = AmsInstanceReconciler.NAME,
    generationAwareEventProcessing = false)
public class AmsInstanceReconciler implements Reconciler<AmsInstance> {
  public static final String NAME = Labels.OPERATOR;
  static final String SECRET = AppSecretDependent.NAME;
  static final String APP_DEPLOYMENTS = "app-deployments";

  private static final Logger log = LoggerFactory.getLogger(AmsInstanceReconciler.class);

  private final SpecValidator validator;
  private final SecretValueGenerator secretValues;
  private final TransitionEvents events;
  private final Clock clock;
  private final CrdPresence crds;

  public AmsInstanceReconciler(
      SpecValidator validator,
      SecretValueGenerator secretValues,
      TransitionEvents events,
      Clock clock,
      CrdPresence crds) {
    this.validator = validator;
    this.secretValues = secretValues;
    this.events = events;
    this.clock = clock;
    this.crds = crds;
  }

  @Override
  public UpdateControl<AmsInstance> reconcile(AmsInstance instance, Context<AmsInstance> context) {
    List<FieldError> errors = validator.validate(instance);
    boolean paused = Boolean.TRUE.equals(instance.getSpec().getPaused());
    AppTierPlan plan = null;
    List<Integration> integrations = List.of();
    Optional<String> rotation = Optional.empty();
    if (errors.isEmpty()) {
      var model = InstanceModel.of(instance);
      plan = AppTierPlan.steady(model, activeSlot(instance));
      if (!paused) {
        var installed = crds.installed();
        integrations = Integrations.of(model, installed);
        rotation =
            JwtRotation.pending(
                instance.getMetadata().getAnnotations(),
                instance.getStatus() == null ? null : instance.getStatus().getHandledTokens());
        // Only generated secrets can be rotated; for ESO the token is recorded and ignored.
        boolean rotate = rotation.isPresent() && !ExternalSecrets.enabled(model);
        new ReconcileInputs(model, plan, secretValues, installed, rotate).putInto(context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        if (rotate) {
          log.info(
              "{}/{}: rotated the JWT secrets for token {}",
              instance.getMetadata().getNamespace(),
              instance.getMetadata().getName(),
              rotation.get());
        }
      }
    } else {
      log.info(
          "{}/{} has an invalid spec; leaving its objects as they are: {}",
          instance.getMetadata().getNamespace(),
          instance.getMetadata().getName(),
          errors);
    }
    var observation =
        new Observation(errors, paused, observe(instance, plan, context), integrations);
    var before = instance.getStatus();
    var after = StatusAggregator.aggregate(instance, observation, clock.instant());
    // Recorded only after the workflow applied the rotation; a failure retries with the token.
    rotation.ifPresent(
        t -> after.setHandledTokens(JwtRotation.handled(after.getHandledTokens(), t)));
    UpdateControl<AmsInstance> control;
    if (before != null && StatusAggregator.same(before, after)) {
      control = UpdateControl.noUpdate();
    } else {
      events.record(instance, before, after);
      instance.setStatus(after);
      control = UpdateControl.patchStatus(instance);
    }
    // A missing optional CRD is looked for again (from the cache, no API call per reconcile).
    return Integrations.waitingForCrd(integrations)
        ? control.rescheduleAfter(crds.recheckInterval())
        : control;
  }

  private static Slot activeSlot(AmsInstance instance) {
    var status = instance.getStatus();
    if (status == null
        || status.getRelease() == null
        || status.getRelease().getActiveSlot() == null) {
      return Slot.blue;
    }
    return status.getRelease().getActiveSlot();
  }

  /** Readiness of each planned app-tier slot, from the informer cache (no API calls). */
  private static Map<com.suresoft.ams.operator.model.Component, ComponentObservation> observe(
      AmsInstance instance, AppTierPlan plan, Context<AmsInstance> context) {
    var result =
        new LinkedHashMap<com.suresoft.ams.operator.model.Component, ComponentObservation>();
    if (plan == null) {
      return result;
    }
    Map<String, Deployment> byName =
        context
            .eventSourceRetriever()
            .getEventSourceFor(Deployment.class, APP_DEPLOYMENTS)
            .getSecondaryResources(instance)
            .stream()
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
    var names = new com.suresoft.ams.operator.model.ResourceNames(instance.getMetadata().getName());
    for (SlotPlan slot : plan.slots()) {
      var deployment = byName.get(names.deployment(slot.component(), slot.slot()));
      if (deployment == null) {
        int desired = slot.replicas() == null ? 1 : slot.replicas();
        result.put(
            slot.component(), new ComponentObservation(WorkloadReadiness.missing(desired), null));
      } else {
        result.put(
            slot.component(),
            new ComponentObservation(
                WorkloadReadiness.of(deployment),
                deployment.getMetadata().getLabels().get(Labels.VERSION)));
      }
    }
    return result;
  }
}
