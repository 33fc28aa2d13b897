package com.suresoft.ams.operator.release;

/** An Event the planner wants recorded on the instance: one per release step or decision. */
public record ReleaseEvent(Type type, String reason, String message) {
  public enum Type {
    Normal,
    Warning
  }

  static ReleaseEvent normal(String reason, String message) {
    return new ReleaseEvent(Type.Normal, reason, message);
  }

  static ReleaseEvent warning(String reason, String message) {
    return new ReleaseEvent(Type.Warning, reason, message);
  }
}
