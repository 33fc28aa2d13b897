package com.suresoft.ams.operator.status;

/**
 * Every reason the operator sets on a condition of an instance, in one place: users and tools match
 * on them ({@code kubectl wait}, alerts, the Argo CD health check), so they are a contract, and
 * docs/troubleshooting.md gives the cause and the fix of each ({@code TroubleshootingTableTest}
 * fails on a reason it lacks, and on a reason literal anywhere else). Condition reasons also name
 * the Events recorded when the Ready condition changes ({@link TransitionEvents}).
 */
public final class Reasons {

  // ---- Ready, Progressing, Degraded, Reconciling, Stalled ----

  /** Every component is ready at the stable version; no release is under way. */
  public static final String READY = "Ready";

  /** The first version is being installed: objects, the first migration, the first pods. */
  public static final String PROVISIONING = "Provisioning";

  /** A release is under way (Migrating, Progressing, Paused, Promoting). */
  public static final String RELEASING = "Releasing";

  /** A release was aborted (action, analysis, progress deadline); the stable version serves. */
  public static final String RELEASE_ABORTED = "ReleaseAborted";

  /** A migration or smoke check failed; the stable version serves (if any). */
  public static final String RELEASE_FAILED = "ReleaseFailed";

  /** The instance was ready and a component lost ready pods. */
  public static final String COMPONENTS_UNAVAILABLE = "ComponentsUnavailable";

  /** The spec breaks a rule the CRD could not check; nothing was changed. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** {@code spec.paused} is true: nothing is reconciled. */
  public static final String PAUSED = "Paused";

  /** Progressing is False because nothing is under way. */
  public static final String STABLE = "Stable";

  /** Degraded is False because every component is ready. */
  public static final String ALL_COMPONENTS_READY = "AllComponentsReady";

  /** A reconciliation failed with an exception its own status did not report; it is retried. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  // ---- the children (Ready, and the Conflict condition) ----

  /** An object of a child's name exists that this operator did not create for this instance. */
  public static final String OBJECT_NOT_OWNED = "ObjectNotOwned";

  /** The API server refused a child's apply; retried with back-off. */
  public static final String APPLY_FAILED = "ApplyFailed";

  // ---- DataReady (and Ready while the data tier keeps the app tier from starting) ----

  public static final String DATA_TIER_READY = "DataTierReady";
  public static final String WAITING_FOR_DATA_TIER = "WaitingForDataTier";

  /**
   * A Secret the spec names (spec.database.externalSecretName or
   * spec.objectStorage.externalSecretName, or a key in it) does not exist.
   */
  public static final String EXTERNAL_SECRET_MISSING = "ExternalSecretMissing";

  /** database.mode is CloudNativePG and the cluster does not serve CloudNativePG's CRDs. */
  public static final String CLOUDNATIVEPG_NOT_INSTALLED = "CloudNativePGNotInstalled";

  /** A data volume's claim could not grow to the spec's size. */
  public static final String VOLUME_EXPANSION_FAILED = "VolumeExpansionFailed";

  // ---- UnknownFields ----

  public static final String FIELDS_IGNORED = "FieldsIgnored";

  // ---- the optional integrations: Monitoring, Secrets, Routing, EdgeTrafficSplit ----

  /** The integration's CRD is not served (or not in a version the operator writes). */
  public static final String CRD_NOT_INSTALLED = "CRDNotInstalled";

  public static final String CONFIGURED = "Configured";
  public static final String NOT_REQUESTED = "NotRequested";
  public static final String GENERATED = "Generated";
  public static final String EXTERNAL_SECRET = "ExternalSecret";
  public static final String MESH_ONLY = "MeshOnly";
  public static final String ISTIO_GATEWAYS = "IstioGateways";

  private Reasons() {}
}
