package com.suresoft.ams.operator.release;

/**
 * Every reason of the Events the release planner records ({@link ReleaseEvent}), in one place:
 * users and tools match on them ({@code kubectl get events --field-selector reason=ActionIgnored}),
 * and docs/troubleshooting.md explains each ({@code TroubleshootingTableTest} fails on a reason it
 * lacks, and on a reason literal anywhere else). The Events of condition changes carry the
 * condition reasons of {@code status.Reasons}.
 */
public final class EventReasons {
  /** A new spec.version started a release. */
  public static final String RELEASE_STARTED = "ReleaseStarted";

  /** A newer spec.version replaced the candidate of a release under way. */
  public static final String RELEASE_SUPERSEDED = "ReleaseSuperseded";

  /** The candidate's migration Job succeeded. */
  public static final String MIGRATION_SUCCEEDED = "MigrationSucceeded";

  /** The candidate's migration Job failed (Warning). */
  public static final String MIGRATION_FAILED = "MigrationFailed";

  /** The candidate slot starts the new version. */
  public static final String CANDIDATE_STARTING = "CandidateStarting";

  /** The candidate lost ready pods and with them its share of traffic (Warning). */
  public static final String CANDIDATE_UNREADY = "CandidateUnready";

  /** The candidate's pods are ready again. */
  public static final String CANDIDATE_RECOVERED = "CandidateRecovered";

  /** Blue-green: the candidate is ready for preview. */
  public static final String PREVIEW_READY = "PreviewReady";

  /** Blue-green: the smoke check failed against the preview (Warning). */
  public static final String SMOKE_CHECK_FAILED = "SmokeCheckFailed";

  /** A promote waits for the candidate at full size. */
  public static final String PROMOTION_WAITING = "PromotionWaiting";

  /** A promote ended a pause or step, or switched traffic. */
  public static final String PROMOTED = "Promoted";

  /** Canary: promote-full skipped the remaining steps. */
  public static final String PROMOTED_FULL = "PromotedFull";

  /** Canary: all traffic on the candidate. */
  public static final String FULLY_PROMOTED = "FullyPromoted";

  /** Canary: a weight step. */
  public static final String CANARY_WEIGHT = "CanaryWeight";

  /** Canary: a pause step. */
  public static final String CANARY_PAUSED = "CanaryPaused";

  /** Canary: a timed pause ended. */
  public static final String PAUSE_ENDED = "PauseEnded";

  /** A metric check failed (Warning). */
  public static final String ANALYSIS_FAILED = "AnalysisFailed";

  /** A metric check could not run, or too many in a row could not (Warning). */
  public static final String ANALYSIS_ERROR = "AnalysisError";

  /** The candidate was not ready within progressDeadlineSeconds; the release aborts (Warning). */
  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  /** An abort action or failed analysis aborted the release (Warning). */
  public static final String RELEASE_ABORTED = "ReleaseAborted";

  /** The candidate is the stable version. */
  public static final String RELEASED = "Released";

  /** The first version is installed. */
  public static final String INSTALLED = "Installed";

  /** A retry action restarts a failed or aborted release. */
  public static final String RETRYING = "Retrying";

  /** Spec.version went back to the stable version before promotion. */
  public static final String RELEASE_CANCELLED = "ReleaseCancelled";

  /** Spec.version went back to the stable version during promotion (Warning). */
  public static final String RELEASE_REVERTED = "ReleaseReverted";

  /** Spec.paused holds the release. */
  public static final String RELEASE_HELD = "ReleaseHeld";

  /** Spec.paused is false again and the release resumes. */
  public static final String RELEASE_RESUMED = "ReleaseResumed";

  /** An action annotation's token had no effect in the release's phase. */
  public static final String ACTION_IGNORED = "ActionIgnored";

  private EventReasons() {}
}
