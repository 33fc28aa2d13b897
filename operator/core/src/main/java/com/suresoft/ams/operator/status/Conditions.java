package com.suresoft.ams.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Condition types and the rule that {@code lastTransitionTime} moves only when status does. The
 * reasons they carry are {@link Reasons}'; the optional integrations' types are {@link
 * Integrations}'.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  /**
   * kstatus's "abnormal-true" condition (cli-utils {@code pkg/kstatus}): True while the operator
   * works toward the spec, a release included; absent once the spec is realised or the instance is
   * {@link #STALLED}. Flux's {@code wait} and {@code kstatus} read it as InProgress.
   */
  public static final String RECONCILING = "Reconciling";

  /**
   * kstatus's other "abnormal-true" condition: True while waiting cannot help and only a change by
   * a user moves the instance on (an invalid spec, a failed or aborted release, a paused instance,
   * a foreign object in the way); absent otherwise. kstatus reads it as Failed, so a Flux {@code
   * wait} stops at once instead of running into its timeout.
   */
  public static final String STALLED = "Stalled";

  /** Condition on the data tier: the app tier starts only once it is True. */
  public static final String DATA_READY = "DataReady";

  /**
   * True while an object of a name the instance's children take exists and is not the instance's
   * (the operator neither writes nor deletes it); absent otherwise.
   */
  public static final String CONFLICT = "Conflict";

  /** True while the instance has fields this operator version does not know (and ignores). */
  public static final String UNKNOWN_FIELDS = "UnknownFields";

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * The condition as it should be now: {@code lastTransitionTime} is kept from {@code previous}
   * while the status (True/False/Unknown) is unchanged, and set to {@code now} when it changes.
   */
  public static Condition next(
      List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String value = status ? "True" : "False";
    String transition =
        find(previous, type)
            .filter(c -> Objects.equals(c.getStatus(), value))
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  /** {@code conditions} with {@code replacement} put in the place of its type. */
  public static List<Condition> with(List<Condition> conditions, Condition replacement) {
    var result = new ArrayList<Condition>();
    boolean replaced = false;
    for (var c : conditions == null ? List.<Condition>of() : conditions) {
      if (c.getType().equals(replacement.getType())) {
        result.add(replacement);
        replaced = true;
      } else {
        result.add(c);
      }
    }
    if (!replaced) {
      result.add(replacement);
    }
    return result;
  }

  /** The order in which the status lists the conditions it always or often has. */
  private static final List<String> ORDER =
      List.of(
          READY, PROGRESSING, DEGRADED, RECONCILING, STALLED, DATA_READY, CONFLICT, UNKNOWN_FIELDS);

  /**
   * {@code conditions} in one order whatever came first: the types of {@link #ORDER} first, then
   * the others (the integrations') by name. Why: the list is atomic in the CRD, so the order
   * written is the order kept, and an order that followed history made two instances in the same
   * state differ (a restart during creation wrote DataReady before Ready, {@code RestartChaosIT})
   * and would rewrite the status of an instance whose history differs for no change.
   */
  public static List<Condition> inOrder(List<Condition> conditions) {
    var sorted = new ArrayList<>(conditions);
    sorted.sort(
        Comparator.comparingInt((Condition c) -> rank(c.getType()))
            .thenComparing(Condition::getType));
    return sorted;
  }

  private static int rank(String type) {
    int i = ORDER.indexOf(type);
    return i < 0 ? ORDER.size() : i;
  }

  /** {@code conditions} without the one of {@code type}. */
  public static List<Condition> without(List<Condition> conditions, String type) {
    return conditions == null
        ? List.of()
        : conditions.stream().filter(c -> !type.equals(c.getType())).toList();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
