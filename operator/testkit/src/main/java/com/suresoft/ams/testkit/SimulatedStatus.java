package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Conventions shared by the simulated controllers' status writes. */
final class SimulatedStatus {

  private SimulatedStatus() {}

  /** Status counters are {@code omitempty} on a real server: zero is absent, not 0. */
  static Integer nonZero(int value) {
    return value == 0 ? null : value;
  }

  static String now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A short stable hash, like the pod-template-hash a real controller puts into names. */
  static String hashOf(Object object, KubernetesSerialization serialization) {
    return String.format("%08x", serialization.asJson(object).hashCode());
  }
}
