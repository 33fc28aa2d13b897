package com.suresoft.ams.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Objects a test asked the {@link ControllerSimulator} to keep unready or to fail. */
final class Holds {

  enum Hold {
    UNREADY,
    FAILED
  }

  private final Map<ObjectKey, Hold> holds = new ConcurrentHashMap<>();

  void put(ObjectKey key, Hold hold) {
    holds.put(key, hold);
  }

  void release(ObjectKey key) {
    holds.remove(key);
  }

  boolean isHeld(ObjectKey key) {
    return holds.containsKey(key);
  }

  boolean isFailed(ObjectKey key) {
    return holds.get(key) == Hold.FAILED;
  }
}
