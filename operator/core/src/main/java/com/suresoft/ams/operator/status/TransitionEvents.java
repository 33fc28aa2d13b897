package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import com.suresoft.ams.operator.release.ReleaseEvent;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which status changes deserve an Event: a new Ready reason (Provisioning -> Ready ->
 * ComponentsUnavailable ...), and a new message for warnings (another invalid field). Counting pods
 * (1/3 -> 2/3) is no event, so a steady instance records nothing.
 */
public final class TransitionEvents {
  private static final Set<String> WARNINGS =
      Set.of(
          Reasons.INVALID_SPEC,
          Reasons.COMPONENTS_UNAVAILABLE,
          Reasons.EXTERNAL_SECRET_MISSING,
          Reasons.CLOUDNATIVEPG_NOT_INSTALLED,
          Reasons.VOLUME_EXPANSION_FAILED,
          Reasons.OBJECT_NOT_OWNED,
          Reasons.APPLY_FAILED,
          Reasons.RECONCILE_ERROR);

  /** Ready reasons of a release: the planner records one Event per step of it already. */
  private static final Set<String> RELEASE_REASONS =
      Set.of(Reasons.RELEASING, Reasons.RELEASE_ABORTED, Reasons.RELEASE_FAILED);

  private final EventRecorder recorder;
  private final Map<String, String> lastRecorded = new ConcurrentHashMap<>();

  public TransitionEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  public void record(AmsInstance instance, AmsInstanceStatus before, AmsInstanceStatus after) {
    recordUnknownFields(instance, before, after);
    var was = ready(before);
    var now = ready(after);
    if (now.isEmpty()) {
      return;
    }
    var c = now.get();
    if (RELEASE_REASONS.contains(c.getReason())) {
      return;
    }
    boolean warning = WARNINGS.contains(c.getReason());
    boolean reasonChanged =
        was.map(w -> !Objects.equals(w.getReason(), c.getReason())).orElse(true);
    boolean warningChanged =
        warning && was.map(w -> !Objects.equals(w.getMessage(), c.getMessage())).orElse(true);
    String key = warning ? c.getReason() + "\n" + c.getMessage() : c.getReason();
    String uid = instance.getMetadata().getUid() == null ? "" : instance.getMetadata().getUid();
    if ((reasonChanged || warningChanged) && !key.equals(lastRecorded.put(uid, key))) {
      recorder.record(
          instance,
          warning ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
          c.getReason(),
          c.getMessage());
    }
  }

  /** Records the release's own Events: one per step or decision, as the planner worded them. */
  public void release(AmsInstance instance, List<ReleaseEvent> releaseEvents) {
    for (ReleaseEvent e : releaseEvents) {
      recorder.record(
          instance,
          e.type() == ReleaseEvent.Type.Warning
              ? EventRecorder.Type.Warning
              : EventRecorder.Type.Normal,
          e.reason(),
          e.message());
    }
  }

  private static Optional<Condition> ready(AmsInstanceStatus status) {
    return condition(status, Conditions.READY);
  }

  /** A Warning when fields start being ignored, or other fields are: {@code kubectl describe}. */
  private void recordUnknownFields(
      AmsInstance instance, AmsInstanceStatus before, AmsInstanceStatus after) {
    var now = condition(after, Conditions.UNKNOWN_FIELDS);
    if (now.isEmpty()) {
      return;
    }
    String message = now.get().getMessage();
    var was = condition(before, Conditions.UNKNOWN_FIELDS);
    if (was.map(w -> Objects.equals(w.getMessage(), message)).orElse(false)) {
      return;
    }
    recorder.record(instance, EventRecorder.Type.Warning, now.get().getReason(), message);
  }

  private static Optional<Condition> condition(AmsInstanceStatus status, String type) {
    return status == null ? Optional.empty() : Conditions.find(status.getConditions(), type);
  }
}
