package com.suresoft.ams.operator.status;

/**
 * A child object the operator could not write in this reconciliation: one it did not create and
 * must not take over ({@link Reasons#OBJECT_NOT_OWNED}), or one whose apply failed ({@link
 * Reasons#APPLY_FAILED}, retried with backoff). Becomes the {@code Conflict} condition or the Ready
 * condition's reason, and a Warning Event. {@code detail} is the API server's status reason, never
 * a request body.
 */
public record ChildIssue(String reason, String kind, String name, String detail) {
  public static ChildIssue notOwned(String kind, String name) {
    return new ChildIssue(Reasons.OBJECT_NOT_OWNED, kind, name, null);
  }

  public static ChildIssue applyFailed(String kind, String name, String detail) {
    return new ChildIssue(Reasons.APPLY_FAILED, kind, name, detail);
  }

  public boolean notOwned() {
    return Reasons.OBJECT_NOT_OWNED.equals(reason);
  }

  /** {@code Service ams-api-service}. */
  public String object() {
    return kind + " " + name;
  }
}
