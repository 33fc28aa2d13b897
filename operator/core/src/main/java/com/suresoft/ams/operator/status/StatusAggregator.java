package com.suresoft.ams.operator.status;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.ComponentStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Phase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleasePhase;
import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.Ownership;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an {@link Observation} into the instance's status: phase, the Ready/Progressing/Degraded
 * conditions and kstatus's Reconciling/Stalled, per-component readiness and the release summary. A
 * pure function of (instance, observation, now), so that an unchanged world yields an identical
 * status and nothing is written.
 */
public final class StatusAggregator {
  /**
   * Ready reasons that only a user's change ends: a retry or another version after a failed or
   * aborted release, a fix of the spec, freeing a child's name.
   */
  private static final Set<String> STALLING =
      Set.of(
          Reasons.INVALID_SPEC,
          Reasons.RELEASE_FAILED,
          Reasons.RELEASE_ABORTED,
          Reasons.OBJECT_NOT_OWNED);

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private StatusAggregator() {}

  public static AmsInstanceStatus aggregate(AmsInstance instance, Observation seen, Instant now) {
    var previous = instance.getStatus() == null ? new AmsInstanceStatus() : instance.getStatus();
    // A deep copy through Jackson's token buffer, as BufferCloner copies the instance.
    var status = JSON.convertValue(previous, AmsInstanceStatus.class);
    long generation =
        instance.getMetadata().getGeneration() == null ? 0 : instance.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setComponents(components(seen));
    long readyCount =
        seen.components().values().stream().filter(c -> c.readiness().isReady()).count();
    status.setReady(readyCount + "/" + seen.components().size());
    if (seen.release() != null) {
      status.setRelease(JSON.convertValue(seen.release(), ReleaseStatus.class));
    }
    var release = status.getRelease() == null ? new ReleaseStatus() : status.getRelease();
    if (release.getActiveSlot() == null) {
      release.setActiveSlot(Slot.blue);
    }
    status.setRelease(release);
    var conditions = new ConditionSet(previous.getConditions(), generation, now);
    unknownFieldsCondition(conditions, instance);

    if (seen.paused()) {
      status.setPhase(Phase.Paused);
      String pausedMessage =
          release.getCandidateVersion() == null
              ? "spec.paused is true: nothing is reconciled"
              : "spec.paused is true: the release of "
                  + release.getCandidateVersion()
                  + " holds where it is; an abort still acts, and traffic still leaves pods"
                  + " that become unready";
      conditions.set(Conditions.PROGRESSING, false, Reasons.PAUSED, pausedMessage);
      // An earlier pass's ReconcileError no longer stands once a pass succeeds; the other
      // branches set these conditions anew, this one keeps what it finds.
      for (String type : List.of(Conditions.READY, Conditions.DEGRADED)) {
        if (Conditions.find(previous.getConditions(), type)
            .filter(c -> Reasons.RECONCILE_ERROR.equals(c.getReason()))
            .isPresent()) {
          conditions.set(type, false, Reasons.PAUSED, "spec.paused is true");
        }
      }
      conditions.setIfAbsent(Conditions.READY, false, Reasons.PAUSED, "spec.paused is true");
      // Nothing moves until a user sets spec.paused to false: for kstatus that is Stalled, so a
      // Flux wait reports the pause at once instead of calling a spec that was never applied
      // Current (or running into its timeout). Argo CD tells it apart as Suspended.
      conditions.stalled(Reasons.PAUSED, pausedMessage);
      status.setConditions(conditions.list());
      return status;
    }
    if (!seen.specErrors().isEmpty()) {
      String message =
          "invalid spec, nothing was changed: "
              + seen.specErrors().stream()
                  .map(FieldError::toString)
                  .collect(Collectors.joining("; "));
      status.setPhase(Phase.Failed);
      conditions
          .set(Conditions.READY, false, Reasons.INVALID_SPEC, message)
          .set(Conditions.PROGRESSING, false, Reasons.INVALID_SPEC, message)
          .stalled(Reasons.INVALID_SPEC, message);
      status.setConditions(conditions.list());
      return status;
    }

    if (seen.hasDataTier()) {
      dataCondition(conditions, seen);
    }
    String issueReason = seen.dataIssues().isEmpty() ? null : seen.dataIssues().get(0).reason();
    status.setUrl(seen.url());
    var notReady = notReady(seen);
    ReleasePhase releasePhase =
        release.getPhase() == null ? ReleasePhase.Stable : release.getPhase();
    String releaseMessage =
        release.getMessage() == null ? release.getSummary() : release.getMessage();

    // Until the first time every component is ready, missing pods mean "still coming up".
    boolean installing =
        release.getStableVersion() == null
            || previous.getPhase() == null
            || previous.getPhase() == Phase.Provisioning;
    if (release.getStableVersion() == null
        || (installing && releasePhase == ReleasePhase.Stable && !notReady.isEmpty())) {
      // First install: nothing serves users before the first version's migration and pods.
      var waiting = new java.util.ArrayList<String>();
      if (releaseMessage != null && releasePhase != ReleasePhase.Stable) {
        waiting.add(releaseMessage);
      }
      waiting.addAll(withIssues(seen, notReady));
      String message =
          "waiting for " + String.join(", ", waiting.isEmpty() ? List.of("rollout") : waiting);
      boolean failed = releasePhase == ReleasePhase.Failed || releasePhase == ReleasePhase.Aborted;
      status.setPhase(failed ? Phase.Degraded : Phase.Provisioning);
      String reason =
          failed
              ? Reasons.RELEASE_FAILED
              : issueReason == null ? Reasons.PROVISIONING : issueReason;
      conditions
          .set(Conditions.READY, false, reason, failed ? releaseMessage : message)
          .set(Conditions.PROGRESSING, !failed, reason, failed ? releaseMessage : message)
          .set(Conditions.DEGRADED, failed, reason, failed ? releaseMessage : message);
    } else if (releasePhase == ReleasePhase.Aborted || releasePhase == ReleasePhase.Failed) {
      // The stable version serves; the release needs a human (retry, or another version).
      String reason =
          releasePhase == ReleasePhase.Aborted ? Reasons.RELEASE_ABORTED : Reasons.RELEASE_FAILED;
      status.setPhase(Phase.Degraded);
      conditions
          .set(Conditions.READY, false, reason, releaseMessage)
          .set(Conditions.PROGRESSING, false, reason, releaseMessage)
          .set(Conditions.DEGRADED, true, reason, releaseMessage);
    } else if (releasePhase != ReleasePhase.Stable) {
      // Not Ready until the new version is the stable one, so that `kubectl wait
      // --for=condition=Ready` after a version change waits for the whole release.
      String message =
          release.getStableVersion()
              + " -> "
              + release.getCandidateVersion()
              + ": "
              + releaseMessage;
      status.setPhase(Phase.Progressing);
      conditions
          .set(Conditions.READY, false, Reasons.RELEASING, message)
          .set(Conditions.PROGRESSING, true, Reasons.RELEASING, message)
          .set(Conditions.DEGRADED, false, Reasons.RELEASING, message);
    } else if (notReady.isEmpty()) {
      String summary = "all components ready at version " + release.getStableVersion();
      status.setPhase(Phase.Ready);
      conditions
          .set(Conditions.READY, true, Reasons.READY, summary)
          .set(Conditions.PROGRESSING, false, Reasons.STABLE, summary)
          .set(Conditions.DEGRADED, false, Reasons.ALL_COMPONENTS_READY, summary);
    } else {
      String message = "not ready: " + String.join(", ", withIssues(seen, notReady));
      status.setPhase(Phase.Degraded);
      conditions
          .set(
              Conditions.READY,
              false,
              issueReason == null ? Reasons.COMPONENTS_UNAVAILABLE : issueReason,
              message)
          .set(Conditions.PROGRESSING, false, Reasons.COMPONENTS_UNAVAILABLE, message)
          .set(Conditions.DEGRADED, true, Reasons.COMPONENTS_UNAVAILABLE, message);
    }
    childConditions(conditions, status, instance, seen);
    for (var integration : seen.integrations()) {
      conditions.set(
          integration.type(), integration.status(), integration.reason(), integration.message());
    }
    progressConditions(conditions, seen);
    status.setConditions(conditions.list());
    return status;
  }

  /**
   * The status after a reconciliation that failed with {@code message} (already free of secrets):
   * the previous status with Ready False, reason {@link Reasons#RECONCILE_ERROR}; an instance that
   * was Ready is Degraded meanwhile, as after a failed write. Everything else (the release, the
   * components) stays as the last pass reported it, and the next pass that succeeds replaces the
   * condition.
   */
  public static AmsInstanceStatus reconcileError(
      AmsInstance instance, String message, Instant now) {
    var previous = instance.getStatus() == null ? new AmsInstanceStatus() : instance.getStatus();
    var status = JSON.convertValue(previous, AmsInstanceStatus.class);
    long generation =
        instance.getMetadata().getGeneration() == null ? 0 : instance.getMetadata().getGeneration();
    var conditions = new ConditionSet(previous.getConditions(), generation, now);
    conditions.set(Conditions.READY, false, Reasons.RECONCILE_ERROR, message);
    if (status.getPhase() == Phase.Ready) {
      status.setPhase(Phase.Degraded);
      conditions
          .set(Conditions.PROGRESSING, false, Reasons.RECONCILE_ERROR, message)
          .set(Conditions.DEGRADED, true, Reasons.RECONCILE_ERROR, message);
    }
    // Retried with back-off: still working toward the spec, whatever the last pass concluded.
    conditions.reconciling(Reasons.RECONCILE_ERROR, message);
    status.setConditions(conditions.list());
    return status;
  }

  /**
   * kstatus's Reconciling and Stalled (cli-utils {@code pkg/kstatus}), from the conditions set
   * above: Stalled when only a user can move the instance on (a release that failed or was aborted,
   * someone else's object in a child's place, a volume that cannot grow), otherwise Reconciling
   * while Ready is not True, and neither once it is. So kstatus says Current only when Ready is
   * True. A missing Secret or CRD is a wait, not a stall: GitOps often applies it in the same sync,
   * and the operator watches for it.
   */
  private static void progressConditions(ConditionSet conditions, Observation seen) {
    var ready = conditions.find(Conditions.READY);
    var expansion =
        seen.dataIssues().stream()
            .filter(i -> Reasons.VOLUME_EXPANSION_FAILED.equals(i.reason()))
            .findFirst();
    if (ready.isPresent() && STALLING.contains(ready.get().getReason())) {
      conditions.stalled(ready.get().getReason(), ready.get().getMessage());
    } else if (expansion.isPresent()) {
      conditions.stalled(expansion.get().reason(), expansion.get().message());
    } else if (Conditions.isTrue(conditions.list(), Conditions.READY)) {
      conditions.remove(Conditions.RECONCILING).remove(Conditions.STALLED);
    } else {
      conditions.reconciling(
          ready.map(Condition::getReason).orElse(Reasons.PROVISIONING),
          ready.map(Condition::getMessage).orElse("waiting for the first reconciliation"));
    }
  }

  /**
   * The children the operator could not write. Someone else's object of a child's name is the
   * {@code Conflict} condition (True while it lasts, gone after), and Ready is False meanwhile: the
   * instance lacks that object, and only a human can free the name. A failed apply is the Ready
   * condition's reason until a retry succeeds. Either way an instance that was Ready is Degraded.
   */
  private static void childConditions(
      ConditionSet conditions, AmsInstanceStatus status, AmsInstance instance, Observation seen) {
    var foreign = seen.children().stream().filter(ChildIssue::notOwned).toList();
    var failed = seen.children().stream().filter(c -> !c.notOwned()).toList();
    String reason;
    String message;
    if (!foreign.isEmpty()) {
      boolean one = foreign.size() == 1;
      reason = Reasons.OBJECT_NOT_OWNED;
      message =
          foreign.stream().map(ChildIssue::object).collect(Collectors.joining(", "))
              + (one ? " exists" : " exist")
              + " but "
              + (one ? "was" : "were")
              + " not created by this operator for this instance, so "
              + (one ? "it is" : "they are")
              + " left as "
              + (one ? "it is" : "they are")
              + " and not written; delete or rename "
              + (one ? "it" : "them")
              + ", or hand "
              + (one ? "it" : "them")
              + " over with the annotation "
              + Ownership.ADOPT
              + "="
              + instance.getMetadata().getName();
      conditions.set(Conditions.CONFLICT, true, reason, message);
    } else {
      conditions.remove(Conditions.CONFLICT);
      if (failed.isEmpty()) {
        return;
      }
      reason = Reasons.APPLY_FAILED;
      message =
          "could not apply "
              + failed.stream()
                  .map(c -> c.object() + " (" + c.detail() + ")")
                  .collect(Collectors.joining(", "))
              + "; retrying";
    }
    conditions.set(Conditions.READY, false, reason, message);
    if (status.getPhase() == Phase.Ready) {
      status.setPhase(Phase.Degraded);
      conditions
          .set(Conditions.PROGRESSING, false, reason, message)
          .set(Conditions.DEGRADED, true, reason, message);
    }
  }

  /**
   * Names the spec's fields this operator version does not know, whatever else the status says: a
   * platform team that applied them expects them to act, and they do nothing here. Unknown fields
   * under {@code status} are left out: a newer operator wrote them, the user cannot act on them,
   * and the next status write drops them.
   */
  private static void unknownFieldsCondition(ConditionSet conditions, AmsInstance instance) {
    var ignored =
        instance.unknownFields().stream()
            .filter(path -> !path.equals("status") && !path.startsWith("status."))
            .toList();
    if (ignored.isEmpty()) {
      conditions.remove(Conditions.UNKNOWN_FIELDS);
      return;
    }
    conditions.set(
        Conditions.UNKNOWN_FIELDS,
        true,
        Reasons.FIELDS_IGNORED,
        "this operator version does not know "
            + String.join(", ", ignored)
            + "; they are ignored and left as they are in the instance until the operator is"
            + " upgraded or they are removed");
  }

  /** The data issues' messages first: they need a human, pod counts only patience. */
  private static List<String> withIssues(Observation seen, List<String> notReady) {
    var result = new java.util.ArrayList<String>();
    seen.dataIssues().forEach(i -> result.add(i.message()));
    result.addAll(notReady);
    return result;
  }

  private static void dataCondition(ConditionSet conditions, Observation seen) {
    if (!seen.dataIssues().isEmpty()) {
      String message =
          seen.dataIssues().stream().map(DataIssue::message).collect(Collectors.joining("; "));
      conditions.set(Conditions.DATA_READY, false, seen.dataIssues().get(0).reason(), message);
      return;
    }
    var waiting =
        seen.components().entrySet().stream()
            .filter(e -> Component.DATA_TIER.contains(e.getKey()))
            .filter(e -> !e.getValue().readiness().isReady())
            .map(e -> e.getKey().label() + " " + e.getValue().readiness().summary())
            .toList();
    if (waiting.isEmpty()) {
      conditions.set(Conditions.DATA_READY, true, Reasons.DATA_TIER_READY, "data tier ready");
    } else {
      conditions.set(
          Conditions.DATA_READY,
          false,
          Reasons.WAITING_FOR_DATA_TIER,
          "waiting for " + String.join(", ", waiting));
    }
  }

  /**
   * True when two statuses, or two parts of one, would serialise the same: writing the new one is
   * pointless, and a field added to the status later counts without a hand-written equals.
   */
  public static boolean same(Object a, Object b) {
    return Objects.equals(JSON.convertValue(a, Map.class), JSON.convertValue(b, Map.class));
  }

  /**
   * True when two different statuses differ only in progress: pod counts (the summary and each
   * component's ready, readyReplicas and desiredReplicas) and the condition messages that quote
   * them. Phase, condition status and reason, versions, the release and everything else are not
   * progress. See {@link StatusThrottle}.
   */
  public static boolean onlyProgress(AmsInstanceStatus before, AmsInstanceStatus after) {
    return Objects.equals(withoutProgress(before), withoutProgress(after));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutProgress(AmsInstanceStatus status) {
    Map<String, Object> map = JSON.convertValue(status, Map.class);
    map.remove("ready");
    if (map.get("components") instanceof Map<?, ?> components) {
      for (Object component : components.values()) {
        if (component instanceof Map<?, ?> c) {
          c.remove("ready");
          c.remove("readyReplicas");
          c.remove("desiredReplicas");
        }
      }
    }
    if (map.get("conditions") instanceof List<?> conditions) {
      for (Object condition : conditions) {
        if (condition instanceof Map<?, ?> c) {
          c.remove("message");
        }
      }
    }
    return map;
  }

  private static Map<String, ComponentStatus> components(Observation seen) {
    var result = new LinkedHashMap<String, ComponentStatus>();
    seen.components()
        .forEach(
            (component, observed) -> {
              var s = new ComponentStatus();
              s.setReady(observed.readiness().summary());
              s.setReadyReplicas(observed.readiness().ready());
              s.setDesiredReplicas(observed.readiness().desired());
              s.setVersion(observed.version());
              result.put(component.label(), s);
            });
    return result;
  }

  private static List<String> notReady(Observation seen) {
    return seen.components().entrySet().stream()
        .filter(e -> !e.getValue().readiness().isReady())
        .map(e -> e.getKey().label() + " " + e.getValue().readiness().summary())
        .toList();
  }

  /** The conditions being written, each keeping its transition time while unchanged. */
  private static final class ConditionSet {
    private final List<Condition> previous;
    private List<Condition> current;
    private final long generation;
    private final Instant now;

    ConditionSet(List<Condition> previous, long generation, Instant now) {
      this.previous = previous;
      this.current = previous == null ? List.of() : previous;
      this.generation = generation;
      this.now = now;
    }

    ConditionSet set(String type, boolean value, String reason, String message) {
      current =
          Conditions.with(
              current, Conditions.next(previous, type, value, reason, message, generation, now));
      return this;
    }

    ConditionSet remove(String type) {
      current = Conditions.without(current, type);
      return this;
    }

    /** kstatus's Stalled, True; Reconciling goes (the two never hold at once). */
    ConditionSet stalled(String reason, String message) {
      return remove(Conditions.RECONCILING).set(Conditions.STALLED, true, reason, message);
    }

    /** kstatus's Reconciling, True; Stalled goes. */
    ConditionSet reconciling(String reason, String message) {
      return remove(Conditions.STALLED).set(Conditions.RECONCILING, true, reason, message);
    }

    Optional<Condition> find(String type) {
      return Conditions.find(current, type);
    }

    ConditionSet setIfAbsent(String type, boolean value, String reason, String message) {
      return Conditions.find(current, type).isPresent() ? this : set(type, value, reason, message);
    }

    List<Condition> list() {
      return Conditions.inOrder(current);
    }
  }
}
