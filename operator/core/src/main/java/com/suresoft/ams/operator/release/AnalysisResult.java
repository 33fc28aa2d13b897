package com.suresoft.ams.operator.release;

import java.util.Objects;

/**
 * The outcome of one metric check of the candidate, run by the caller when {@link
 * ReleasePlanner#analysisDue} said so. {@code message} says what was measured or, for an error,
 * what kept the check from running (never a response body: that is the remote server's text).
 */
public record AnalysisResult(Outcome outcome, String message) {

  /** What one check found. */
  public enum Outcome {
    /** The candidate's metrics are within the limits. */
    PASSED,
    /** The metrics exceed a limit, or there are none to judge by: counts against failureLimit. */
    FAILED,
    /**
     * The check could not be run (Prometheus unreachable, a query error): counts against
     * consecutiveErrorLimit, not failureLimit, as Argo Rollouts does.
     */
    ERROR
  }

  public AnalysisResult {
    Objects.requireNonNull(outcome, "outcome");
  }

  public static AnalysisResult passed(String message) {
    return new AnalysisResult(Outcome.PASSED, message);
  }

  public static AnalysisResult failed(String message) {
    return new AnalysisResult(Outcome.FAILED, message);
  }

  public static AnalysisResult error(String message) {
    return new AnalysisResult(Outcome.ERROR, message);
  }

  public boolean passed() {
    return outcome == Outcome.PASSED;
  }
}
